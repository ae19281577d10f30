// Global setup for integration and browser tests; extended by tests/support/db.ts owners.
export default function setup(): void {}
