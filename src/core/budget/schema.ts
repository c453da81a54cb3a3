/**
 * The shape of a budget as reports carry it (zod only, so the report schema does not pull in the YAML parser).
 * Reading budget files is in `budget.ts`.
 */
import * as z from 'zod';
import { LIMITS } from '../limits.ts';

const allowance = () => z.number().min(0).max(LIMITS.maxBytes);

/** A budget as reports carry it: per kind, the growth per iteration accepted (bytes for `heap`). */
export const BudgetSchema = z
  .object({
    listener: allowance().optional(),
    'detached-dom': allowance().optional(),
    websocket: allowance().optional(),
    worker: allowance().optional(),
    'message-port': allowance().optional(),
    image: allowance().optional(),
    'object-url': allowance().optional(),
    observer: allowance().optional(),
    timer: allowance().optional(),
    document: allowance().optional(),
    heap: allowance().optional(),
  })
  .meta({ id: 'Budget', description: 'Accepted growth per iteration, per kind (bytes for heap).' });

/** Per kind, the growth per iteration accepted before a leak fails the check; `heap` in bytes. */
export type Budget = z.infer<typeof BudgetSchema>;
