import { useEffect, useRef, useState } from "react";
import type { ImportProgressEvent } from "~/lib/realtime/protocol";
import { useOptionalRealtime, useRealtimeEvent } from "../realtime/realtime-provider";

export type ImportLiveProgress = Omit<ImportProgressEvent, "jobId">;

/**
 * An import page that follows its run: joins the import's room (the server checks the
 * permission), moves the progress bar on each event, and reloads the page's data when the status
 * changes (the report, the undo button).
 */
export function useImportLive(jobId: string, initial: ImportLiveProgress): ImportLiveProgress {
  const realtime = useOptionalRealtime();
  const socket = realtime?.socket ?? null;
  const epoch = realtime?.connectionEpoch ?? 0;
  const [progress, setProgress] = useState(initial);
  const status = useRef(initial.status);
  status.current = progress.status;

  // The loader's figures win when the page reloads (they are at least as fresh as the last event).
  useEffect(() => setProgress(initial), [initial.status, initial.doneRows, initial.totalRows]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!socket) return;
    socket.emit("import:join", jobId, () => undefined);
    return () => {
      socket.emit("import:leave", jobId);
    };
  }, [socket, jobId, epoch]);

  useRealtimeEvent("import:progress", (event) => {
    if (event.jobId !== jobId) return;
    if (event.status !== status.current) realtime?.refreshSoon();
    setProgress((previous) =>
      previous.status === event.status && previous.doneRows > event.doneRows ? previous : { status: event.status, totalRows: event.totalRows, doneRows: event.doneRows, counts: event.counts },
    );
  });

  return progress;
}
