// What the server and the report-task file say reaches the job summary (rendered Markdown with raw
// HTML) and the dashboard-url output: neither may inject markup or links, nor point elsewhere.
import { describe, expect, it } from '@jest/globals';
import { dashboardUrlOf } from '../src/report-task.js';
import type { ProjectStatus } from '../src/sonar-api.js';
import { gateSummary } from '../src/summary.js';

const HOST = 'https://sonar.example.com/sq';
const context = { projectKey: 'acme_app', dashboardUrl: `${HOST}/dashboard?id=acme_app` };

function failing(actualValue: string, metricKey = 'new_coverage'): ProjectStatus {
  return {
    status: 'ERROR',
    conditions: [{ status: 'ERROR', metricKey, comparator: 'LT', errorThreshold: '80', actualValue }],
  };
}

describe('gateSummary table cells', () => {
  it.each([
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '[click](javascript:alert(1))',
    '![x](https://evil.example/pixel.png)',
    '<a href="javascript:alert(1)">x</a>',
  ])('render %p as text, not markup', (value) => {
    const markdown = gateSummary(failing(value), context);
    const row = markdown.split('\n').find((line) => line.startsWith('| new_coverage')) ?? '';
    expect(row).not.toMatch(/<(?:img|script|a)\b/i);
    expect(row).not.toMatch(/\]\(/); // no link or image syntax left
    // Still readable: the characters come back as entities.
    expect(row.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))).toContain(value);
  });

  it('keeps a cell on one line and inside its column', () => {
    const row = gateSummary(failing('a | b\n| c | d |'), context)
      .split('\n')
      .find((line) => line.startsWith('| new_coverage'));
    expect(row?.split(/(?<!\\)\|/).length).toBe(7); // 5 cells between 6 bars
  });

  it('escapes the metric key and the project key too', () => {
    const markdown = gateSummary(failing('1', '<b>m</b>'), { ...context, projectKey: '<i>p</i>' });
    expect(markdown).not.toMatch(/<[bi]>/);
  });
});

describe('dashboardUrlOf', () => {
  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'https://evil.example/dashboard?id=acme_app',
    'https://sonar.example.com.evil.example/x',
    'ftp://sonar.example.com/x',
    'not a url',
  ])('ignores a recorded dashboardUrl %p and links the project on host-url', (dashboardUrl) => {
    expect(dashboardUrlOf({ ceTaskId: 't', projectKey: 'acme_app', dashboardUrl }, HOST)).toBe(
      `${HOST}/dashboard?id=acme_app`,
    );
  });

  it('keeps a recorded dashboard on the host-url host', () => {
    const recorded = 'https://sonar.example.com/sq/dashboard?id=acme_app&pullRequest=7';
    expect(dashboardUrlOf({ ceTaskId: 't', projectKey: 'acme_app', dashboardUrl: recorded }, HOST)).toBe(
      recorded,
    );
  });

  it('links the dashboard so that no character of the URL can end the Markdown link', () => {
    const recorded = 'https://sonar.example.com/sq/dashboard?id=a)b](javascript:x)';
    const url = dashboardUrlOf({ ceTaskId: 't', dashboardUrl: recorded }, HOST);
    const markdown = gateSummary({ status: 'OK', conditions: [] }, { ...context, dashboardUrl: url });
    expect(markdown).toMatch(/\[dashboard\]\(<https:\/\/sonar\.example\.com\/sq\/dashboard\?[^<>\s]*>\)/);
    expect(markdown).not.toContain('](javascript');
  });
});
