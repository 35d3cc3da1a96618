// What test/setup/webhook-receiver.ts hands to tests through `inject`. Interface merging lets
// other setup files declare their own keys in their own declarations.
declare module "vitest" {
  export interface ProvidedContext {
    webhookReceiverPort: number;
  }
}

// A module, so the block above augments vitest's types instead of replacing them.
export {};
