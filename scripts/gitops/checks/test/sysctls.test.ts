import { describe, it } from '@jest/globals';
import { DEPLOYMENT, expectFinding, expectNoFinding, mutate } from '../../test/check-case.js';
import { podSpec } from '../../test/fixture.js';

describe('sysctls (PSA sysctls)', () => {
  it('refuses a sysctl outside the safe set', async () => {
    const f = mutate((f) => {
      podSpec(f).securityContext.sysctls = [
        { name: 'kernel.msgmax', value: '65536' },
        { name: 'net.ipv4.tcp_syncookies', value: '1' },
      ];
    });
    await expectFinding(
      f,
      DEPLOYMENT,
      'sysctls',
      'violates PodSecurity "restricted:latest": forbidden sysctls (kernel.msgmax)',
    );
  });

  it('passes the newest safe sysctls (v1.37 added tcp_notsent_lowat)', async () => {
    const f = mutate((f) => {
      podSpec(f).securityContext.sysctls = [
        { name: 'net.ipv4.tcp_notsent_lowat', value: '16384' },
        { name: 'net.ipv4.tcp_keepalive_time', value: '600' },
      ];
    });
    await expectNoFinding(f, 'sysctls');
  });
});
