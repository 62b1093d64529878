// The rule groups arranged as a tree by data path, so a `data.…` reference can
// be resolved segment by segment: into a rule, into base data, or into a
// virtual document built from everything below a node.

import type { RuleGroup } from '../checker/rules.js';

export interface RuleNode {
  /** Path from `data` to here, e.g. ['data', 'test']. */
  path: string[];
  children: Map<string, RuleNode>;
  /** The rule group whose static path ends here, if any. */
  group?: RuleGroup;
}

export function buildRuleTree(groups: Map<string, RuleGroup>): RuleNode {
  const root: RuleNode = { path: ['data'], children: new Map() };
  for (const g of groups.values()) {
    let node = root;
    for (const seg of g.path.slice(1)) {
      let child = node.children.get(seg);
      if (!child) node.children.set(seg, (child = { path: [...node.path, seg], children: new Map() }));
      node = child;
    }
    node.group = g;
  }
  return root;
}
