// `npm run down -- <dev|prod> [--dry-run] [--confirm-prod]`: see command.ts.
import { main } from './command.js';

main(['down', ...process.argv.slice(2)]).then((code) => process.exit(code));
