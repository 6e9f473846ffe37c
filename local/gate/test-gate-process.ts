/**
 * Runs s3rver and the gate in a process of their own, for tests that start
 * it under limits such as `ulimit -f`. It prints one JSON line with the
 * gate's URL and s3rver's folder, and stops when its input closes.
 */

import { startTestStack } from './test-support';

const stack = await startTestStack();
process.stdout.write(
  `${JSON.stringify({ gateUrl: stack.gate.url, s3rverDir: stack.s3rverDir })}\n`,
);

process.stdin.resume();
process.stdin.on('end', () => {
  void stack.stop().then(() => process.exit(0));
});
