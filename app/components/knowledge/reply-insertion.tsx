import { createContext, useContext, useEffect, useRef, useState, type MutableRefObject, type ReactNode } from "react";

/**
 * How the knowledge base's buttons (the suggested articles beside the ticket, the composer's
 * search) put text into the reply box, which lives elsewhere on the page: the composer registers
 * its « insert at the cursor », the buttons call it. Without a composer (a reader who cannot
 * reply, a merged ticket) there is nothing to insert into and the buttons are not shown.
 */

type Inserter = (text: string) => void;

const ReplyInsertionContext = createContext<MutableRefObject<Inserter | null> | null>(null);

export function ReplyInsertionProvider({ children }: { children: ReactNode }) {
  const target = useRef<Inserter | null>(null);
  return <ReplyInsertionContext.Provider value={target}>{children}</ReplyInsertionContext.Provider>;
}

/** The composer: registers how text is inserted at its cursor (the latest function is always used). */
export function useReplyInsertionTarget(insert: Inserter) {
  const target = useContext(ReplyInsertionContext);
  const latest = useRef(insert);
  latest.current = insert;
  useEffect(() => {
    if (!target) return;
    const inserter: Inserter = (text) => latest.current(text);
    target.current = inserter;
    return () => {
      if (target.current === inserter) target.current = null;
    };
  }, [target]);
}

/** The buttons: inserts text into the reply; false when no composer is on the page. */
export function useInsertIntoReply(): (text: string) => boolean {
  const target = useContext(ReplyInsertionContext);
  return (text) => {
    if (!target?.current) return false;
    target.current(text);
    return true;
  };
}

/** True once React runs in the browser: what needs JavaScript is shown only then. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
