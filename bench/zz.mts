import { measure } from './checkers/checkov.ts';

const r = await measure('/work/.mirror/bridgecrewio+checkov/repo');
let e = 0,
  c = 0,
  p = 0,
  w = 0;
for (const row of r.rows) {
  console.log(
    row.anchorCheck.padEnd(12),
    row.ours.padEnd(28),
    `${row.caught}/${row.expected}`.padEnd(7),
    `refused ${row.wronglyRefused}/${row.passing}`,
  );
  e += row.expected;
  c += row.caught;
  p += row.passing;
  w += row.wronglyRefused;
}
console.log('TOTAL', `${c}/${e}`, `refused ${w}/${p}`);
for (const n of r.notes) console.log('-', n);
