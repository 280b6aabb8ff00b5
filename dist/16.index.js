export const id = 16;
export const ids = [16];
export const modules = {

/***/ 92016:
/***/ ((__webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96421);
/* harmony import */ var _genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(79169);
/* harmony import */ var _genaiops_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(91568);



// The local target may (re)start its endpoint server as a detached copy of this very file.
if (!(await (0,_genaiops_core__WEBPACK_IMPORTED_MODULE_2__/* .maybeRunEndpointServer */ ._Nf)())) {
    (0,_genaiops_core__WEBPACK_IMPORTED_MODULE_2__/* .setEndpointServerEntry */ .JFH)([process.argv[1]]);
    await (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .runAction */ .Cs)(async () => {
        const inputs = (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .readCommonInputs */ .di)();
        const requests = (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .positiveIntInput */ .BS)('requests', 1);
        const reporter = new _genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .ActionsReporter */ .XZ();
        const r = await (0,_genaiops_core__WEBPACK_IMPORTED_MODULE_2__/* .smokeTest */ .KHr)({
            ...inputs,
            deployment: _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('deployment') || undefined,
            requests,
            concurrency: Math.min(requests, 8),
            expected: (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .jsonObjectInput */ .IB)('expected'),
            credentials: (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .readAzureCredentials */ .Qe)()
        }, reporter);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('status', r.status);
        if (r.p50Ms !== undefined)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('p50-ms', String(r.p50Ms));
        if (r.p95Ms !== undefined)
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('p95-ms', String(r.p95Ms));
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('plan', JSON.stringify(r.plan));
        if (r.status !== 'passed')
            throw new _genaiops_core__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .yot(`smoke test of ${r.deployment ? `${r.endpoint}/${r.deployment}` : r.endpoint} failed: ${r.failures.slice(0, 3).join('; ')}`);
    });
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ })

};
