/**
 * The wall board's live protocol (Socket.IO namespace of its own, apart from the staff sockets):
 * a screen connects with its board token and receives the whole board each time a ticket of its
 * scope changes. Types and constants only, shared by server/realtime and the board page.
 */

/** The board's namespace on the app's Socket.IO server (same path as the staff sockets). */
export const wallBoardNamespace = "/ecran";

/** One customer waiting, as the board shows it: names, company, subject, times; never an address or a message. */
export type WallBoardRow = {
  ticketId: string;
  number: number;
  subject: string;
  customerName: string;
  companyName: string | null;
  groupName: string | null;
  /** The customer's last public message that no public answer followed. */
  waitingSince: string;
  /** The SLA target running now and its due date (null: no SLA on the ticket). */
  sla: { target: "first_response" | "resolution"; dueAt: string; paused: boolean } | null;
};

export type WallBoardData = {
  board: { name: string; groupName: string | null };
  /** Every customer waiting in the board's scope (rows may be fewer: see `rows`). */
  total: number;
  /** The longest waits first, at most WALL_BOARD_MAX_ROWS. */
  rows: WallBoardRow[];
  /** Server time of the reading, so the screen counts down against the server's clock. */
  generatedAt: string;
  /** Minutes before a due date when the countdown turns amber (the SLA warning rule). */
  warningMinutes: number;
};

export type WallBoardServerEvents = {
  /** The board as it is now (on connection, then after every change in its scope). */
  "wall:board": (data: WallBoardData) => void;
};

export type WallBoardClientEvents = Record<string, never>;
