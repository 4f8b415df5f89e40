// A cluster worker's side of the write turns, over a real IPC channel (cluster-turns.test.ts forks
// it): it says "ready", then "take" takes a turn (it says "took" once it has it), "end" ends it.
import { turnsOfPrimary } from './cluster-turns.js';

const turn = turnsOfPrimary(process, Number(process.argv[2]));
let done: (() => void) | undefined;
process.on('message', (message) => {
  if (message === 'take')
    void turn().then((end) => {
      done = end;
      process.send!('took');
    });
  if (message === 'end') done?.();
  if (message === 'leave') process.disconnect();
});
// Messages sent before a listener is there are lost: the test waits for this.
process.send!('ready');
