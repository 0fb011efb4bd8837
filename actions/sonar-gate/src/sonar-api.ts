// The two SonarCloud/SonarQube Web API responses this action reads, as documented in the servers'
// web_api pages (api/ce/task and api/qualitygates/project_status). Unknown fields are ignored.
import { z } from 'zod';

/** Compute Engine task states; PENDING and IN_PROGRESS are the only non-final ones. */
export const TASK_STATUSES = ['PENDING', 'IN_PROGRESS', 'SUCCESS', 'FAILED', 'CANCELED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const ceTaskResponse = z.object({
  task: z.object({
    id: z.string(),
    type: z.string().optional(),
    componentKey: z.string().optional(),
    status: z.enum(TASK_STATUSES),
    analysisId: z.string().optional(),
    errorMessage: z.string().optional(),
  }),
});
/** `task` of `GET api/ce/task?id=…`. */
export type CeTask = z.infer<typeof ceTaskResponse>['task'];

export const GATE_STATUSES = ['OK', 'WARN', 'ERROR', 'NONE'] as const;
export type GateStatus = (typeof GATE_STATUSES)[number];

const condition = z.object({
  status: z.enum(['OK', 'WARN', 'ERROR']),
  metricKey: z.string(),
  /** GT: fails when the value is greater than the threshold; LT: when it is less. */
  comparator: z.string(),
  periodIndex: z.number().optional(),
  errorThreshold: z.string().optional(),
  warningThreshold: z.string().optional(),
  actualValue: z.string().optional(),
});
export type GateCondition = z.infer<typeof condition>;

export const projectStatusResponse = z.object({
  projectStatus: z.object({
    status: z.enum(GATE_STATUSES),
    conditions: z.array(condition).default([]),
    /** True when SonarCloud skipped conditions (coverage/duplication on changes of fewer than 20 lines). */
    ignoredConditions: z.boolean().optional(),
  }),
});
/** `projectStatus` of `GET api/qualitygates/project_status?analysisId=…`. */
export type ProjectStatus = z.infer<typeof projectStatusResponse>['projectStatus'];

/** The servers' error body: `{"errors":[{"msg":"…"}]}`. */
export const errorBody = z.object({ errors: z.array(z.object({ msg: z.string() })) });
