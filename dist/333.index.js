export const id = 333;
export const ids = [333];
export const modules = {

/***/ 54333:
/***/ ((__webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96421);
/* harmony import */ var _genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(79169);
/* harmony import */ var _genaiops_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76558);



// inputs → the evaluate stage → outputs (+ the PR comment); a missed gate fails the step, after the
// stage has annotated it (metric, value, threshold, run) at the gate in llmops_config.json.
await (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .runAction */ .Cs)(async () => {
    const inputs = (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .readCommonInputs */ .di)();
    const reporter = new _genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .ActionsReporter */ .XZ();
    const result = await (0,_genaiops_core__WEBPACK_IMPORTED_MODULE_2__/* .evaluate */ ._3z)({
        ...inputs,
        manifest: _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('run-manifest').trim() || undefined,
        gates: _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('gates').trim() || undefined,
        baseline: _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('baseline').trim() || undefined,
        maxRegression: (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .optionalNumberInput */ .iG)('max-regression'),
        reportsDir: _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('reports-dir').trim() || undefined,
        concurrency: (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .positiveIntInput */ .BS)('concurrency', 8)
    }, reporter);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('metrics', JSON.stringify(result.rows));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('gates-passed', String(result.gatesPassed));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('report', result.reports.html);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('evaluation-manifest', result.manifestFile);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('plan', JSON.stringify(result.plan));
    if ((0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .booleanInput */ .tE)('comment', true))
        await (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .commentOnPullRequest */ .rh)({
            marker: (0,_genaiops_core__WEBPACK_IMPORTED_MODULE_2__/* .commentMarker */ .Qlj)(result.plan.useCase),
            body: (marker) => (0,_genaiops_core__WEBPACK_IMPORTED_MODULE_2__/* .renderCommentMarkdown */ .HKA)(result.reportInput, { marker }),
            reporter
        });
    if (!result.passed) {
        const failedGates = result.gates.filter((g) => !g.passed).length;
        const parts = [
            failedGates ? `${failedGates} of ${result.gates.length} metric gate(s) failed` : '',
            result.failedRuns.length ? `${result.failedRuns.length} evaluation run(s) did not complete` : ''
        ].filter(Boolean);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(`${parts.join('; ')} (see the annotations and the job summary)`);
    }
});

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ })

};
