// Runs in the browser before the app hydrates (Next's client instrumentation hook): settings the client
// bundle needs before any of our code parses anything.
import { z } from "zod";

// zod 4 probes whether eval works (`new Function("")`) before it compiles fast parsers. Our CSP has no
// 'unsafe-eval', so the browser blocks the probe and reports a CSP violation even though zod catches it:
// jitless skips the probe and parses without compiling (the client only parses small objects).
z.config({ jitless: true });
