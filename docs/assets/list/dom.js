// Small DOM helpers for the list page and its embeddable view. Text from the
// URL, localStorage or card files only ever goes in through textContent.
import { LIMIT } from "./store.js";

/** A new element with optional class and text. */
export function el(tag, className = "", text = "") {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** "案例 · 上海市 · 2023年" from a card. */
export function facts(card) {
  return [card.type, card.region, card.year ? `${card.year}年` : "年份未注明"]
    .filter(Boolean).join(" · ");
}

/** The absolute URL of a card's record page. */
export function recordUrl(card, siteRoot) {
  return new URL(String(card.url || "").replace(/^\/+/, ""), siteRoot).href;
}

const DROPPED = [["invalid", "不是有效编号的"], ["duplicate", "重复的"], ["overLimit", `超出 ${LIMIT} 条上限的`]];

/** What a share link dropped, in one Chinese sentence (empty if nothing). */
export function droppedMessage(dropped) {
  const parts = DROPPED.filter(([key]) => dropped[key].length).map(([key, label]) => {
    const ids = dropped[key];
    const distinct = [...new Set(ids)];  // an id repeated 600 times is named once
    const named = distinct.slice(0, 5).map((id) => `“${id}”`).join("、");
    return `${label} ${ids.length} 项（${named}${distinct.length > 5 ? "等" : ""}）`;
  });
  return parts.length ? `链接中有些内容没有载入：${parts.join("；")}。` : "";
}
