// The JSON Schema of ScenarioSpec, generated from the zod schema (so the two cannot disagree) and
// shipped as resources/scenario.schema.json: editors validate and complete spec files with it,
// and `miglab schema` prints it. It describes what a user may *write* (io: 'input'), so fields
// with defaults are optional. Refinements (units, cross-references) are beyond JSON Schema;
// `miglab validate` checks those.

import { z } from 'zod'
import { ScenarioSpec, SPEC_VERSION } from './spec'

// A URN rather than a web address: the schema is shipped with MigLab, not served from anywhere.
const SCHEMA_ID = `urn:miglab:scenario-spec:v${SPEC_VERSION}`

export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSpec, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>
  return {
    $schema: schema.$schema,
    $id: SCHEMA_ID,
    title: 'MigLab scenario spec',
    description: `A MigLab study (specVersion ${SPEC_VERSION}): topology, processes, workloads, migrations, what to compare and sweep.`,
    ...schema,
  }
}
