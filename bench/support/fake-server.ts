// The fake upstream in its own process, so the load generator and the upstream do not share a
// core with each other's garbage collector. Prints "FAKE <url>" when ready.
import { startFakeUpstream } from "../../tests/support/fake-upstream";

const fake = await startFakeUpstream({ logRequests: false });
console.log(`FAKE ${fake.url}`);
process.on("SIGTERM", () => void fake.close().then(() => process.exit(0)));
