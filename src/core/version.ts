import pkg from '../../package.json' with { type: 'json' };

/** The Leakscope version written into reports (`leakscopeVersion`) and printed by `leakscope --version`. */
export const LEAKSCOPE_VERSION: string = pkg.version;
