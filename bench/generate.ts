// Generates realistic Rego of a given size for benchmarks: a route table with
// per-role rules, helper functions and comprehensions, like a gateway policy.

export function generatePolicy(targetLines: number): string {
  const out: string[] = ['package bench.gateway', '', 'import rego.v1', '', 'default allow := false', ''];
  let i = 0;
  while (out.length < targetLines) {
    out.push(
      `# route ${i}`,
      `allow if {`,
      `\tinput.request.method == "${i % 2 ? 'POST' : 'GET'}"`,
      `\tinput.request.route == "/v1/route/${i}"`,
      `\tsome role in input.agent.roles`,
      `\trole in allowed_roles_${i}`,
      `\tscope_ok(input.delegation.scopes, "route.${i}")`,
      `}`,
      '',
      `allowed_roles_${i} := {"planner", "executor"}`,
      '',
      `limits[${i}] := v if {`,
      `\tv := {"max_tokens": ${1000 + i}, "models": [m | some m in data.models; startswith(m, "gpt")]}`,
      `}`,
      '',
    );
    i++;
  }
  out.push('scope_ok(scopes, want) if want in scopes', '');
  return out.join('\n');
}
