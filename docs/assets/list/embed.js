// The embeddable view of a shared list (/embed/list/?ids=…&t=…&n1=…): the
// 专题 embed's look, filled in from the URL (text only), links open outside.
import { droppedMessage, el, facts, recordUrl } from "./dom.js";
import { fetchCards, readShare, shareQuery } from "./store.js";

const siteRoot = new URL("../../", import.meta.url); // this file is <root>/assets/list/
const app = document.querySelector("[data-list-embed]");
const { list, dropped } = readShare(location.search);

function link(a, href) {
  a.href = href;
  a.target = "_blank";
  a.rel = "noopener";
  return a;
}

async function render() {
  const full = `${new URL("list/", siteRoot).href}?${shareQuery(list)}`;
  app.querySelectorAll("[data-list-home]").forEach((a) => link(a, full));
  const title = list.title || "清单";
  app.querySelector(".e-title a").textContent = title;
  document.title = `${title}（学习型社会建设案例库清单）`;
  const message = droppedMessage(dropped);
  const notice = app.querySelector("[data-list-notice]");
  notice.textContent = message;
  notice.hidden = !message;
  let cards = new Map();
  try {
    cards = await fetchCards(list.items.map((it) => it.id), siteRoot);
  } catch (e) {
    notice.textContent = "暂时无法读取记录信息，请稍后刷新。";
    notice.hidden = false;
  }
  const items = list.items.map((it) => {
    const li = el("li", "e-item");
    const card = cards.get(it.id);
    if (card) {
      li.append(link(el("a", "e-item__title", card.title || it.id), recordUrl(card, siteRoot)),
        el("span", "e-item__meta", facts(card)));
      if (card.summary) li.append(el("p", "e-item__summary", card.summary));
    } else {
      li.append(el("span", "e-item__title e-missing", `已不存在的记录（编号 ${it.id}）`));
    }
    if (it.note) {
      const note = el("div", "e-item__note");
      note.append(el("strong", "", "备注："), it.note);
      li.append(note);
    }
    return li;
  });
  app.querySelector("[data-list-items]").replaceChildren(...items);
  app.querySelector("[data-list-foot]").prepend(`共 ${list.items.length} 条 · `);
}

render();
