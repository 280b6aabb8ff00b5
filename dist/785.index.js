export const id = 785;
export const ids = [785];
export const modules = {

/***/ 63785:
/***/ ((__webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96421);
/* harmony import */ var _genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(79169);
/* harmony import */ var _genaiops_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(91568);



// The local target starts its endpoint server as a detached copy of this very file.
if (!(await (0,_genaiops_core__WEBPACK_IMPORTED_MODULE_2__/* .maybeRunEndpointServer */ ._Nf)())) {
    (0,_genaiops_core__WEBPACK_IMPORTED_MODULE_2__/* .setEndpointServerEntry */ .JFH)([process.argv[1]]);
    await (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .runAction */ .Cs)(async () => {
        const inputs = (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .readCommonInputs */ .di)();
        const reporter = new _genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .ActionsReporter */ .XZ();
        const operation = (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .choiceInput */ .ij)('operation', ['release', 'promote', 'rollback'], 'release');
        const credentials = (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .readAzureCredentials */ .Qe)();
        const r = operation === 'release'
            ? await (0,_genaiops_core__WEBPACK_IMPORTED_MODULE_2__/* .deploy */ .ggh)({
                ...inputs,
                modelVersion: _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('model-version') || undefined,
                force: (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .booleanInput */ .tE)('force', false),
                credentials,
                afterSmokeTest: (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .booleanInput */ .tE)('integration-test', true)
                    ? (0,_genaiops_core__WEBPACK_IMPORTED_MODULE_2__/* .integrationTestHook */ .IwH)({ ...inputs, buildId: (0,_genaiops_core__WEBPACK_IMPORTED_MODULE_2__/* .defaultBuildId */ .pd3)(process.env) }, reporter)
                    : undefined
            }, reporter)
            : await (operation === 'promote' ? _genaiops_core__WEBPACK_IMPORTED_MODULE_2__/* .promote */ .ptB : _genaiops_core__WEBPACK_IMPORTED_MODULE_2__/* .rollback */ .dU9)({
                ...inputs,
                credentials,
                overrides: {
                    keepPrevious: _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('keep-previous') ? (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .booleanInput */ .tE)('keep-previous', true) : undefined
                }
            }, reporter);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('operation', r.operation);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('changed', String(r.changed));
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('endpoint', r.endpoint);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('deployment', r.deployment);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('scoring-uri', r.scoringUri);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('traffic', JSON.stringify(r.traffic));
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('deployments', JSON.stringify(r.deploymentsAfter));
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('plan', JSON.stringify(r.plan));
    });
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ })

};
