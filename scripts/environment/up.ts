// `npm run up -- <dev|prod> [--dry-run]`: see command.ts.
import { main } from './command.js';

main(['up', ...process.argv.slice(2)]).then((code) => process.exit(code));
