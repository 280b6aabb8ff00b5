export const id = 333;
export const ids = [333];
export const modules = {

/***/ 54333:
/***/ ((__webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(96421);
/* harmony import */ var _genaiops_action_kit__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(79169);
/* harmony import */ var _genaiops_core__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(91568);





// inputs → the evaluate stage → outputs (+ the PR comment); a missed gate fails the step, after the
// stage has annotated it (metric, value, threshold, run) at the gate in llmops_config.json.
await (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_3__/* .runAction */ .Cs)(async () => {
    const inputs = (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_3__/* .readCommonInputs */ .di)();
    const reporter = new _genaiops_action_kit__WEBPACK_IMPORTED_MODULE_3__/* .ActionsReporter */ .XZ();
    const mode = _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .getInput */ .V4('mode').trim() || 'evaluate';
    if (mode !== 'evaluate' && mode !== 'monitor')
        throw new _genaiops_core__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yot(`input mode: expected evaluate or monitor, found "${mode}"`);
    if (mode === 'monitor') {
        const m = await (0,_genaiops_core__WEBPACK_IMPORTED_MODULE_4__/* .monitor */ .dmy)({
            ...inputs,
            windowHours: (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_3__/* .optionalNumberInput */ .iG)('window'),
            reportsDir: _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .getInput */ .V4('reports-dir').trim() || undefined,
            concurrency: (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_3__/* .positiveIntInput */ .BS)('concurrency', 8)
        }, reporter);
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('metrics', JSON.stringify(m.rows));
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('gates-passed', String(m.gates.every((g) => g.passed)));
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('report', m.reports.html);
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('evaluation-manifest', m.manifestFile);
        if (!m.passed)
            _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setFailed */ .C1((0,_genaiops_core__WEBPACK_IMPORTED_MODULE_4__/* .monitorFailure */ .ZM7)(m));
        return;
    }
    const result = await (0,_genaiops_core__WEBPACK_IMPORTED_MODULE_4__/* .evaluate */ ._3z)({
        ...inputs,
        manifest: _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .getInput */ .V4('run-manifest').trim() || undefined,
        gates: _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .getInput */ .V4('gates').trim() || undefined,
        baseline: _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .getInput */ .V4('baseline').trim() || undefined,
        maxRegression: (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_3__/* .optionalNumberInput */ .iG)('max-regression'),
        reportsDir: _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .getInput */ .V4('reports-dir').trim() || undefined,
        concurrency: (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_3__/* .positiveIntInput */ .BS)('concurrency', 8),
        mock: (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_3__/* .booleanInput */ .tE)('mock', false),
        links: (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_3__/* .workflowRunLinks */ .Sj)()
    }, reporter);
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('metrics', JSON.stringify(result.rows));
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('gates-passed', String(result.gatesPassed));
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('report', result.reports.html);
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('evaluation-manifest', result.manifestFile);
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('plan', JSON.stringify(result.plan));
    // The body is also written to a file, for a workflow that posts it from a job that runs no
    // use-case code (genaiops-pr.yml): the job that runs the flows then needs no write token.
    const marker = (0,_genaiops_core__WEBPACK_IMPORTED_MODULE_4__/* .commentMarker */ .Qlj)(result.plan.useCase);
    const commentBody = (0,_genaiops_core__WEBPACK_IMPORTED_MODULE_4__/* .renderCommentMarkdown */ .HKA)(result.reportInput, { marker });
    const commentFile = node_path__WEBPACK_IMPORTED_MODULE_1__.join(node_path__WEBPACK_IMPORTED_MODULE_1__.dirname(result.reports.html), 'pr-comment.md');
    (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(commentFile, commentBody, 'utf8');
    _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setOutput */ .uH('comment-file', commentFile);
    if ((0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_3__/* .booleanInput */ .tE)('comment', true))
        await (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_3__/* .commentOnPullRequest */ .rh)({ marker, body: () => commentBody, reporter });
    if (!result.passed) {
        const failedGates = result.gates.filter((g) => !g.passed).length;
        const parts = [
            failedGates ? `${failedGates} of ${result.gates.length} metric gate(s) failed` : '',
            result.failedRuns.length ? `${result.failedRuns.length} evaluation run(s) did not complete` : ''
        ].filter(Boolean);
        _actions_core__WEBPACK_IMPORTED_MODULE_2__/* .setFailed */ .C1(`${parts.join('; ')} (see the annotations and the job summary)`);
    }
});

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ })

};
