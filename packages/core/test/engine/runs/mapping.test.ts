import { loadFlow } from '../../../src/flow/load.js';
import {
  applyMapping,
  checkMappingColumns,
  compileColumnMapping,
  LineInputError
} from '../../../src/engine/runs/mapping.js';
import { evaluationFlow, standardFlow } from './helpers.js';

const standard = loadFlow(standardFlow);
const evaluation = loadFlow(evaluationFlow);

test('defaults: an unmapped input reads the data column of the same name', () => {
  const m = compileColumnMapping(standard, undefined);
  expect(m.inputs).toEqual({
    ticket: { kind: 'data', column: 'ticket', text: '${data.ticket}', implicit: true }
  });
  const checked = checkMappingColumns(m, { data: { display: 'd.jsonl', columns: ['ticket', 'category'] } });
  expect(applyMapping(checked, 0, { ticket: 'hi', category: 'x' }, undefined)).toEqual({ ticket: 'hi' });
});

test('an implicit mapping to a column the data lacks is dropped (the flow default applies)', () => {
  const m = checkMappingColumns(compileColumnMapping(standard, {}), {
    data: { display: 'd.jsonl', columns: ['text'] }
  });
  expect(m.inputs).toEqual({});
  expect(applyMapping(m, 0, { text: 'x' }, undefined)).toEqual({});
});

test('literals are passed as they are; unknown keys are ignored', () => {
  const m = compileColumnMapping(evaluation, { groundtruth: 'billing', prediction: 42, extra: '${data.x}' });
  expect(m.ignored).toEqual(['extra']);
  expect(applyMapping(m, 0, {}, undefined)).toEqual({ groundtruth: 'billing', prediction: 42 });
});

test('a mapping to a column no line has: which column, which file, and the columns it has', () => {
  const m = compileColumnMapping(standard, { ticket: '${data.tickt}' });
  expect(() =>
    checkMappingColumns(m, { data: { display: 'data/pr.jsonl', columns: ['ticket', 'category'] } })
  ).toThrow(
    'column mapping ticket=${data.tickt}: no line of data/pr.jsonl has a column "tickt" (did you mean "ticket"?); its columns are: ticket, category'
  );
});

test('a mapping to an output the earlier run does not have', () => {
  const m = compileColumnMapping(
    evaluation,
    { groundtruth: '${data.category}', prediction: '${run.outputs.categry}' },
    { previousRun: 'std' }
  );
  expect(() =>
    checkMappingColumns(m, {
      data: { display: 'data/pr.jsonl', columns: ['ticket', 'category'] },
      run: { name: 'std', status: 'Completed', outputs: ['category', 'matched'], inputs: ['ticket'] }
    })
  ).toThrow(
    'column mapping prediction=${run.outputs.categry}: no line of run "std" has an output "categry" (did you mean "category"?); its outputs are: category, matched'
  );
});

test('${run.*} without an earlier run, and malformed references', () => {
  expect(() => compileColumnMapping(evaluation, { prediction: '${run.outputs.category}' })).toThrow(
    'column mapping prediction=${run.outputs.category}: ${run.outputs.category} reads an earlier run, but no run was given (--run <name>)'
  );
  expect(() => compileColumnMapping(evaluation, { prediction: '${inputs.x}' })).toThrow(
    'column mapping prediction=${inputs.x}: invalid reference: expected ${data.<column>}, ${run.outputs.<name>} or ${run.inputs.<name>}'
  );
});

test('joining an earlier run: a line missing or failed there fails this line', () => {
  const m = compileColumnMapping(
    evaluation,
    { groundtruth: '${data.category}', prediction: '${run.outputs.category}' },
    { previousRun: 'std' }
  );
  const prev = (line?: object) => ({ name: 'std', line: line as never });
  expect(
    applyMapping(m, 3, { category: 'billing' }, prev({ present: true, outputs: { category: 'other' } }))
  ).toEqual({
    groundtruth: 'billing',
    prediction: 'other'
  });
  expect(() => applyMapping(m, 3, { category: 'billing' }, prev({ present: false }))).toThrow(
    new LineInputError('column mapping prediction=${run.outputs.category}: run "std" has no line 3')
  );
  expect(() =>
    applyMapping(m, 3, { category: 'billing' }, prev({ present: true, inputs: { ticket: 't' } }))
  ).toThrow(
    'column mapping prediction=${run.outputs.category}: line 3 failed in run "std", so it has no outputs to read'
  );
});
