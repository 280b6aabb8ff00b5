export const id = 49;
export const ids = [49];
export const modules = {

/***/ 16049:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createLocalTarget: () => (/* binding */ createLocalTarget)
/* harmony export */ });
/* harmony import */ var _endpoints_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(28740);
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83091);


function createLocalTarget(opts) {
    return {
        kind: 'local',
        registry: new _registry_js__WEBPACK_IMPORTED_MODULE_1__/* .LocalRegistry */ .p(opts.root),
        endpoints: new _endpoints_js__WEBPACK_IMPORTED_MODULE_0__/* .LocalEndpoints */ .CL(opts.root, { environ: opts.environ, reporter: opts.reporter })
    };
}


/***/ })

};
