import { defineConfig } from "drizzle-kit";

// Drafts SQL migrations from src/db/schema.ts; every draft is read by hand before it is committed
// (it must stay additive: a table rebuild would drop ON DELETE CASCADE children).
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema.ts",
  out: "./migrations",
});
