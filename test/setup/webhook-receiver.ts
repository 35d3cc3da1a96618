// Started by vitest's globalSetup in Node, beside the workerd pool; filled in by its own change.
export default function setup() {}
