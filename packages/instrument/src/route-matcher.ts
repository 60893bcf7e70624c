/** Finds the route template a path matches, or undefined. */
export type RouteMatcher = (path: string) => string | undefined;

interface DynamicRoute {
  template: string;
  /** Literal segment, or null for a `:param` segment. */
  segments: (string | null)[];
  /** Ends with `*`: matches any remainder, including none. */
  rest: boolean;
}

/**
 * Compiles route templates such as `/post/:id` or `/static/*` into a matcher. Static templates
 * win over dynamic ones (`/post/new` before `/post/:id`); among dynamic ones the first listed
 * wins. A trailing slash on the path is ignored.
 *
 * @example
 * const match = compileRoutes(['/', '/post/:id']);
 * match('/post/42'); // '/post/:id'
 * match('/nope');    // undefined
 */
export function compileRoutes(templates: readonly string[]): RouteMatcher {
  const statics = new Map<string, string>();
  const dynamics: DynamicRoute[] = [];
  for (const template of templates) {
    if (typeof template !== 'string' || !template.startsWith('/')) {
      throw new Error(`route template must start with "/", got ${JSON.stringify(template)}`);
    }
    const parts = splitPath(template);
    const rest = parts.at(-1) === '*';
    if (rest) parts.pop();
    if (parts.includes('*')) throw new Error(`route template "${template}": "*" is only allowed at the end`);
    if (!rest && !parts.some((p) => p.startsWith(':'))) {
      if (!statics.has(parts.join('/'))) statics.set(parts.join('/'), template);
      continue;
    }
    const segments = parts.map((p) => (p.startsWith(':') ? null : p));
    dynamics.push({ template, segments, rest });
  }
  return (path) => {
    const parts = splitPath(path);
    const hit = statics.get(parts.join('/'));
    if (hit !== undefined) return hit;
    for (const route of dynamics) {
      if (matches(route, parts)) return route.template;
    }
    return undefined;
  };
}

function splitPath(path: string): string[] {
  const parts = path.split('/').slice(1);
  if (parts.length > 0 && parts.at(-1) === '') parts.pop();
  return parts;
}

function matches(route: DynamicRoute, parts: string[]): boolean {
  const { segments } = route;
  if (route.rest ? parts.length < segments.length : parts.length !== segments.length) return false;
  for (let i = 0; i < segments.length; i++) {
    const want = segments[i];
    const got = parts[i]!;
    if (want === null ? got === '' : got !== want) return false;
  }
  return true;
}
