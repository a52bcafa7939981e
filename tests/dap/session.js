// A debug session driven by Microsoft's DAP test client (@vscode/debugadapter-testsupport),
// as VS Code's own adapter tests drive theirs:
// `node session.js SFDB FLOW API_BASE WAITING_FLOW SUBFLOW_SCENARIO`.
// Exits non-zero, saying why, when an expectation fails.
'use strict';
const assert = require('assert');
const { DebugClient } = require('@vscode/debugadapter-testsupport');

const [sfdb, flow, apiBase, waitingFlow, subflowScenario] = process.argv.slice(2);

async function variable(dc, scopeName, name) {
  const frames = await dc.stackTraceRequest({ threadId: 1 });
  const scopes = await dc.scopesRequest({ frameId: frames.body.stackFrames[0].id });
  const scope = scopes.body.scopes.find((s) => s.name === scopeName);
  assert.ok(scope, `no scope ${scopeName}`);
  const vars = await dc.variablesRequest({ variablesReference: scope.variablesReference });
  return vars.body.variables.find((v) => v.name === name);
}

async function retryLoop() {
  const dc = new DebugClient(sfdb, 'dap', 'sfdb');
  dc.defaultTimeout = 20000;
  await dc.start();
  // Line 60 is inside check_count's definition: the breakpoint is verified on its name, line 48.
  await dc.hitBreakpoint(
    { program: flow, set: { 'flow.data.api_base': apiBase } },
    { path: flow, line: 60 },
    { path: flow, line: 48 },
    { path: flow, line: 48 },
  );
  const count = await variable(dc, 'flow.variables', 'count');
  assert.strictEqual(count.value, '1');
  const watched = await dc.evaluateRequest({ expression: 'flow.variables.count | plus: 1', context: 'watch' });
  assert.strictEqual(watched.body.result, '2');
  const hovered = await dc.evaluateRequest({ expression: 'widgets.fetch_order.status_code', context: 'hover' });
  assert.strictEqual(hovered.body.result, '500');

  // Round the loop to the breakpoint again, then back.
  await Promise.all([dc.continueRequest({ threadId: 1 }), dc.assertStoppedLocation('breakpoint', { line: 48 })]);
  assert.strictEqual((await variable(dc, 'flow.variables', 'count')).value, '2');
  await Promise.all([dc.stepBackRequest({ threadId: 1 }), dc.assertStoppedLocation('step', { line: 31 })]);
  await Promise.all([dc.reverseContinueRequest({ threadId: 1 }), dc.assertStoppedLocation('step', { line: 48 })]);
  assert.strictEqual((await variable(dc, 'flow.variables', 'count')).value, '1');
  await Promise.all([dc.nextRequest({ threadId: 1 }), dc.assertStoppedLocation('step', { line: 17 })]);

  // To the end.
  await dc.setBreakpointsRequest({ source: { path: flow }, breakpoints: [] });
  await Promise.all([dc.continueRequest({ threadId: 1 }), dc.waitForEvent('terminated')]);
  await dc.stop();
}

async function waiting() {
  const dc = new DebugClient(sfdb, 'dap', 'sfdb');
  dc.defaultTimeout = 20000;
  let said = '';
  dc.on('output', (e) => { said += e.body.output; });
  await dc.start();
  await Promise.all([
    dc.configurationSequence(),
    dc.launch({ program: waitingFlow, set: { 'flow.data.api_base': apiBase } }),
    dc.waitForEvent('stopped').then((e) => {
      assert.strictEqual(e.body.reason, 'pause');
      assert.ok(e.body.description.startsWith('ask_order waits for'), e.body.description);
    }),
  ]);
  const answered = await dc.evaluateRequest({ expression: 'reply where is order 42?', context: 'repl' });
  assert.ok(answered.body.result.includes('ask_order gets reply'), answered.body.result);
  await Promise.all([dc.nextRequest({ threadId: 1 }), dc.assertStoppedLocation('step', {})]);
  assert.ok(said.includes('contact: where is order 42?\n'), said);
  await dc.stop();
}

async function subflow() {
  const dc = new DebugClient(sfdb, 'dap', 'sfdb');
  dc.defaultTimeout = 20000;
  await dc.start();
  await Promise.all([
    dc.configurationSequence(),
    dc.launch({ scenario: subflowScenario, stopOnEntry: true }),
    dc.assertStoppedLocation('entry', { path: /parent\.json$/, line: 4 }),
  ]);
  await Promise.all([dc.nextRequest({ threadId: 1 }), dc.assertStoppedLocation('step', { line: 6 })]);
  // Into the subflow's first widget, in its own file, its run-subflow widget below it.
  const inside = await Promise.all([
    dc.stepInRequest({ threadId: 1 }),
    dc.assertStoppedLocation('step', { path: /greeting-subflow\.json$/, line: 4 }),
  ]);
  const frames = inside[1].body.stackFrames;
  assert.strictEqual(frames.length, 2);
  assert.strictEqual(frames[1].name, 'greet (run-subflow)');
  // Out: back in the parent, after its run-subflow widget.
  await Promise.all([
    dc.stepOutRequest({ threadId: 1 }),
    dc.assertStoppedLocation('step', { path: /parent\.json$/, line: 11 }),
  ]);
  await dc.stop();
}

(async () => {
  try {
    await retryLoop();
    await waiting();
    await subflow();
    console.log('dap session: ok');
  } catch (e) {
    console.error(`dap session failed: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  }
})();
