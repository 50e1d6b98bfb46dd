import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useRouteLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { ConnectionStatus } from "~/components/realtime/connection-status";
import { LiveToasts } from "~/components/realtime/live-toasts";
import { NotificationAnnouncer } from "~/components/realtime/notification-bell";
import { RealtimeProvider } from "~/components/realtime/realtime-provider";
import { AppShell } from "~/components/shell/app-shell";
import { unreadNotificationCount } from "~/domain/notifications/notifications.server";
import { requireUser } from "~/lib/auth.server";
import type { loader as rootLoader } from "~/root";

/** Every staff page sits in the shell, behind sign-in, with live updates. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { unreadNotifications: await unreadNotificationCount(user) };
}

function Shell({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const layout = useRouteLoaderData<typeof loader>("routes/_app");
  if (!root?.user) return <main className="px-4">{children}</main>;
  return (
    <RealtimeProvider userId={root.user.id}>
      <AppShell user={root.user} unreadNotifications={layout?.unreadNotifications ?? 0}>
        {children}
      </AppShell>
      <ConnectionStatus />
      <LiveToasts />
      <NotificationAnnouncer />
    </RealtimeProvider>
  );
}

export default function StaffLayout() {
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}

export function ErrorBoundary() {
  return (
    <Shell>
      <ErrorPage />
    </Shell>
  );
}
