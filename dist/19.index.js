export const id = 19;
export const ids = [19];
export const modules = {

/***/ 11019:
/***/ ((__webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
__webpack_require__.r(__webpack_exports__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(96421);
/* harmony import */ var _genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(79169);
/* harmony import */ var _genaiops_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(91568);



await (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .runAction */ .Cs)(async () => {
    const inputs = (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .readCommonInputs */ .di)();
    const what = (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .choiceInput */ .ij)('what', ['data', 'flow', 'all'], 'all');
    const reporter = new _genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .ActionsReporter */ .XZ();
    const r = await (0,_genaiops_core__WEBPACK_IMPORTED_MODULE_2__/* .register */ .kz9)({
        ...inputs,
        what,
        credentials: (0,_genaiops_action_kit__WEBPACK_IMPORTED_MODULE_1__/* .readAzureCredentials */ .Qe)()
    }, reporter);
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('datasets', JSON.stringify(r.datasets.map(({ name, version, created }) => ({ name, version, created }))));
    if (r.model) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('model-name', r.model.name);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('model-version', r.model.version);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('model-created', String(r.model.created));
    }
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('plan', JSON.stringify(r.plan));
});

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ })

};
