import { createRouter } from "../http/router";

export const teamRoutes = createRouter();
