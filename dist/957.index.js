export const id = 957;
export const ids = [957];
export const modules = {

/***/ 27957:
/***/ ((__webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96421);
/* harmony import */ var _genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(79169);
/* harmony import */ var _genaiops_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(91568);



function setOutputs(r) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('run-manifest', r.manifestFile);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('run-ids', JSON.stringify(r.runs.map((run) => run.id)));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('succeeded', String(r.succeeded));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('failed', String(r.failed));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('plan', JSON.stringify(r.plan));
}
// inputs → the experiment stage → outputs; the stage writes the job summary through the reporter.
await (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .runAction */ .Cs)(async () => {
    const inputs = (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .readCommonInputs */ .di)();
    const reporter = new _genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .ActionsReporter */ .XZ();
    try {
        const result = await (0,_genaiops_core__WEBPACK_IMPORTED_MODULE_2__/* .experiment */ .y10)({
            ...inputs,
            buildId: _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('build-id').trim() || undefined,
            concurrency: (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .positiveIntInput */ .BS)('concurrency', 8),
            allowFailedRuns: (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .booleanInput */ .tE)('allow-failed-runs', false),
            mock: (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .booleanInput */ .tE)('mock', false)
        }, reporter);
        setOutputs(result);
    }
    catch (e) {
        // failed runs: the manifest is written and the outputs say what happened, then the step fails
        if (e instanceof _genaiops_core__WEBPACK_IMPORTED_MODULE_2__/* .RunsFailedError */ .G4X)
            setOutputs(e.result);
        throw e;
    }
});

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ })

};
