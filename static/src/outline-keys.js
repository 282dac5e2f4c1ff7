// Keyboard model of the outline (a WAI-ARIA tree): the visible items in
// reading order, and which action a key press on a tree item means.

/** Actions a key press on a tree item can mean. */
export const ACTION_NEXT = "next";
export const ACTION_PREVIOUS = "previous";
export const ACTION_FIRST = "first";
export const ACTION_LAST = "last";
export const ACTION_EXPAND = "expand";
export const ACTION_COLLAPSE = "collapse";
export const ACTION_EDIT = "edit";
export const ACTION_ADD_SIBLING = "add-sibling";
export const ACTION_ADD_CHILD = "add-child";
export const ACTION_INDENT = "indent";
export const ACTION_OUTDENT = "outdent";
export const ACTION_DELETE = "delete";

/**
 * @typedef {object} VisibleItem
 * @property {string} id
 * @property {number} level 1 for a top-level item of its section
 * @property {string|null} parentId the item it is nested in, if shown nested
 * @property {boolean} hasChildren
 * @property {boolean} expanded
 */

/**
 * The items a person can move through, top to bottom: effects, central
 * problem(s), causes, unlinked; children only under expanded items.
 * @param {import("./tree-model.js").Outline} outline
 * @param {Set<string>} collapsed ids of collapsed items
 * @returns {VisibleItem[]}
 */
export const listVisible = (outline, collapsed) => {
  const list = [];
  const walk = (items, level, parentId) => {
    for (const item of items) {
      const hasChildren = item.children.length > 0;
      const expanded = hasChildren && !collapsed.has(item.node.id);
      list.push({ id: item.node.id, level, parentId, hasChildren, expanded });
      if (expanded) walk(item.children, level + 1, item.node.id);
    }
  };
  walk(outline.effects, 1, null);
  for (const node of outline.problems)
    list.push({ id: node.id, level: 1, parentId: null, hasChildren: false, expanded: false });
  walk(outline.causes, 1, null);
  walk(outline.unlinked, 1, null);
  return list;
};

/**
 * What a key press on a focused tree item (not inside its text field) means.
 * @param {{key: string, altKey: boolean, ctrlKey: boolean, metaKey: boolean, shiftKey: boolean}} event
 * @param {boolean} editable
 * @returns {string|null} one of the ACTION_* values
 */
export const actionOfKey = (event, editable) => {
  const { key, altKey, shiftKey } = event;
  const command = event.ctrlKey || event.metaKey;
  if (altKey && !command && !shiftKey) {
    if (key === "ArrowRight") return editable ? ACTION_INDENT : null;
    if (key === "ArrowLeft") return editable ? ACTION_OUTDENT : null;
    return null;
  }
  if (altKey) return null;
  if (key === "Enter") {
    if (command && !shiftKey) return editable ? ACTION_ADD_CHILD : null;
    if (shiftKey && !command) return editable ? ACTION_ADD_SIBLING : null;
    return command || shiftKey ? null : ACTION_EDIT;
  }
  if (command || shiftKey) return null;
  switch (key) {
    case "ArrowDown":
      return ACTION_NEXT;
    case "ArrowUp":
      return ACTION_PREVIOUS;
    case "Home":
      return ACTION_FIRST;
    case "End":
      return ACTION_LAST;
    case "ArrowRight":
      return ACTION_EXPAND;
    case "ArrowLeft":
      return ACTION_COLLAPSE;
    case "F2":
      return ACTION_EDIT;
    case "Delete":
      return editable ? ACTION_DELETE : null;
    default:
      return null;
  }
};

/**
 * The ids of the items a node is nested in, outermost first (empty for a
 * top-level item or a node the outline does not show): what must be expanded
 * for it to be visible.
 * @param {import("./tree-model.js").Outline} outline
 * @param {string} nodeId
 * @returns {string[]}
 */
export const ancestorsOf = (outline, nodeId) => {
  const search = (items, path) => {
    for (const item of items) {
      if (item.node.id === nodeId) return path;
      const found = search(item.children, [...path, item.node.id]);
      if (found) return found;
    }
    return null;
  };
  return search(outline.effects, []) || search(outline.causes, []) || search(outline.unlinked, []) || [];
};
