import { describe, expect, it } from '@jest/globals';
import { exposes, metricNames } from '../promql.js';

describe('metricNames', () => {
  it('finds the metrics of an expression and nothing else', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (service, le) (rate(http_request_duration_seconds_bucket{route!~"/health|x_y"}[5m]))) > 0.5',
      ),
    ).toEqual(['http_request_duration_seconds_bucket']);
    expect(
      metricNames(
        'sum(rate(a_total[5m])) / (sum(rate(b_total{namespace="$namespace"}[$__rate_interval])) + 1e-9) > bool 0 offset 5m',
      ),
    ).toEqual(['a_total', 'b_total']);
    expect(
      metricNames('max by (state) (pricing_queue_backlog_messages{state="visible"}) unless on(pod) up'),
    ).toEqual(['pricing_queue_backlog_messages', 'up']);
  });
});

describe('exposes', () => {
  const text = '# HELP h x\n# TYPE h histogram\nh_bucket{le="1"} 0\n# TYPE c_total counter\nc_total 0\n';
  it('knows a family by its TYPE line, and histogram samples by their family', () => {
    expect(exposes(text, 'c_total')).toBe(true);
    expect(exposes(text, 'h_bucket')).toBe(true);
    expect(exposes(text, 'h_count')).toBe(true);
    expect(exposes(text, 'c')).toBe(false);
    expect(exposes(text, 'c_total_count')).toBe(false);
    expect(exposes(text, 'missing_total')).toBe(false);
  });
});
