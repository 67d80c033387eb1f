/**
 * Replaced at build time by vite.config.ts (`define`): false in a release UI build
 * (`npm run build:release`, which scripts/package.sh runs), true in every other build and in tests.
 */
declare const __ROSTER_TEST_HOOKS__: boolean;
