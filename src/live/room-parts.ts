import type { Bindings } from "../env";
import type { RoomStore } from "./room-store";

/** What the modules of a team room (team-room.ts) work on: its Durable Object state (sockets, alarm), the Worker's bindings and its own storage. */
export type RoomParts = { ctx: DurableObjectState; env: Bindings; store: RoomStore };
