// Theme strings and direction in a real Chromium: a right-to-left (Arabic) site puts the menu on
// the right at desktop width, overflows nothing at 360 px and passes axe-core; a Spanish site's
// search box and search page speak Spanish (strings the script reads from the page itself).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildSite, serveStatic, launch, watchProblems, axe, tempDir, waitFor } from "./lib.mjs";

/** Writes a site from { path: text } into a temporary folder; returns the folder. */
function writeSite(files) {
  const root = tempDir("docent-strings-");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const page = (title, body, extra = "") => `+++\ntitle = "${title}"\n${extra}+++\n${body}\n`;

const ARABIC = writeSite({
  "docent.toml": `title = "مساعدة السجل"
language = "ar"
quick_links = [{ title = "إعادة تعيين كلمة المرور", url = "account/reset.md", description = "إذا نسيت كلمة المرور." }]
[languages.ar.strings]
skip_link = "انتقل إلى المحتوى الرئيسي"
search_label = "ابحث في المساعدة"
search_placeholder = "بحث"
search_button = "بحث"
menu_link = "القائمة"
menu_label = "الأقسام"
theme_toggle = "الوضع الداكن"
on_this_page = "في هذه الصفحة"
breadcrumb_label = "مسار التنقل"
common_tasks = "المهام الشائعة"
browse_by_module = "تصفح حسب القسم"
in_this_module = "في هذا القسم"
previous = "السابق"
next = "التالي"
callout_warning = "تحذير"
copy = "نسخ"
`,
  "content/_index.md": page("مساعدة السجل", "مرحبًا بكم في مساعدة سجل التطعيم. اختر مهمة من القائمة أو ابحث عنها."),
  "content/account/_index.md": page("الحساب", "كل ما يخص حسابك: تسجيل الدخول وكلمة المرور والإعدادات."),
  "content/account/reset.md": page("إعادة تعيين كلمة المرور",
    `إذا نسيت كلمة المرور، يمكنك إعادة تعيينها من صفحة تسجيل الدخول في بضع خطوات قصيرة.

## الخطوات

1. افتح صفحة تسجيل الدخول واختر «نسيت كلمة المرور».
2. أدخل بريدك الإلكتروني المسجل ثم اضغط «إرسال».
3. افتح الرسالة واتبع الرابط خلال ساعة واحدة.

> [!WARNING]
> لا تشارك الرابط مع أي شخص، فهو يفتح حسابك.

| الخطوة | المدة |
|---|---|
| طلب الرابط | دقيقة واحدة تقريبًا، وقد تتأخر الرسالة قليلًا في أوقات الذروة |
| تعيين كلمة مرور جديدة | دقيقتان |

\`\`\`sh
registry-cli account reset --email nurse@example.org --send-link-now --verbose
\`\`\`

\`\`\`yaml
# comments, numbers, keys and strings: each token colour must pass axe's contrast check
account:
  reset_link_minutes: 30
  notify: true
  desk: "help@example.org"
\`\`\`

## بعد إعادة التعيين

سجّل الدخول بكلمة المرور الجديدة. إذا لم تصلك الرسالة، تحقق من مجلد البريد غير المرغوب فيه ثم تواصل مع مكتب المساعدة.
`),
  "content/account/login.md": page("تسجيل الدخول", "أدخل اسم المستخدم وكلمة المرور ثم اضغط «دخول».\n\n## إذا أُغلق حسابك\n\nانتظر خمس عشرة دقيقة ثم حاول مرة أخرى."),
  "content/clinics/_index.md": page("العيادات", "إدارة معلومات العيادة والموظفين."),
  "content/clinics/staff.md": page("تحديث موظفي العيادة", "أضف موظفًا جديدًا أو احذف موظفًا غادر العيادة."),
});

const SPANISH = writeSite({
  "docent.toml": `title = "Ayuda del registro"\nlanguage = "es"\n`,
  "content/_index.md": page("Ayuda del registro", "Bienvenido a la ayuda del registro de vacunación."),
  "content/cuenta/_index.md": page("Su cuenta", "Iniciar sesión y cambiar la contraseña."),
  "content/cuenta/clave.md": page("Restablecer la contraseña",
    "Si olvidó su contraseña, puede restablecerla.\n\n## Pasos\n\nAbra la página de inicio de sesión y elija «Olvidé mi contraseña».\n\n## Después\n\nInicie sesión con la contraseña nueva.\n"),
  "content/cuenta/entrar.md": page("Iniciar sesión", "Escriba su usuario y su contraseña.\n"),
});

let browser, arabic, spanish;
before(async () => {
  arabic = await serveStatic(buildSite(ARABIC));
  spanish = await serveStatic(buildSite(SPANISH));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await arabic?.close();
  await spanish?.close();
});

async function open(url, width, height = 900) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(url, { waitUntil: "networkidle" });
  return { context, page, problems };
}

/** Elements whose box goes past either side of the viewport (scrolling containers' insides aside). */
function overflowing() {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest(".visually-hidden, .table-wrap, pre, .skip-link, [hidden]")) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < -1 || r.right > width + 1) out.push(`${el.tagName.toLowerCase()}.${el.className}: ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  if (document.documentElement.scrollWidth > width) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
  return out;
}

test("a right-to-left page puts the menu on the right at desktop width and passes axe", async () => {
  const { context, page, problems } = await open(`${arabic.url}account/reset/`, 1280);
  assert.equal(await page.getAttribute("html", "dir"), "rtl");
  assert.equal(await page.getAttribute("html", "lang"), "ar");
  const menu = await page.locator("#menu").boundingBox();
  const main = await page.locator("#main").boundingBox();
  assert.ok(menu.x > main.x + main.width - 1, `menu ${JSON.stringify(menu)} should be right of main ${JSON.stringify(main)}`);
  // The table of contents, callout and lists start on the right too.
  const toc = await page.locator(".toc li a").first().boundingBox();
  const content = await page.locator("main .content").boundingBox();
  assert.ok(toc.x + toc.width > content.x + content.width - 80, "the table of contents starts at the right");
  assert.deepEqual(await page.evaluate(overflowing), []);
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const path of ["", "account/reset/", "account/", "search/?q=كلمة"]) {
  test(`a right-to-left page overflows nothing at 360 px and passes axe: /${path}`, async () => {
    const { context, page, problems } = await open(`${arabic.url}${path}`, 360, 740);
    assert.deepEqual(await page.evaluate(overflowing), []);
    // The search box's results stay on screen too (on a phone the box opens from its button).
    await page.locator(".search-toggle").click();
    await page.locator("#site-search-input").fill("كلمة");
    await waitFor(page, () => !document.querySelector(".search-popup").hidden, null, "search results");
    const popup = await page.locator(".search-popup").boundingBox();
    assert.ok(popup.x >= -1 && popup.x + popup.width <= 361, `popup ${JSON.stringify(popup)}`);
    await page.keyboard.press("Escape");
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("a Spanish site's search box and search page speak Spanish", async () => {
  const { context, page, problems } = await open(spanish.url, 1280);
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await page.locator("#site-search-input").fill("contraseña");
  await waitFor(page, () => document.querySelector(".search-option"), null, "a result");
  assert.equal(await page.getAttribute(".search-listbox", "aria-label"), "Resultados de la búsqueda");
  assert.equal(await page.locator(".search-more").textContent(), "Ver todos los resultados");
  await waitFor(page, () => /^\d+ resultados? en \d+ páginas?/.test(document.querySelector(".site-search [role=status]").textContent), null, "a Spanish count");
  assert.ok(requests.every((p) => p.startsWith("/search/")), `only the index is fetched: ${requests.join(" ")}`);

  await page.locator("#site-search-input").fill("zzqxv");
  await waitFor(page, () => document.querySelector(".search-empty-box .search-empty"), null, "no results");
  assert.equal(await page.locator(".search-empty-box .search-empty").textContent(), "Ninguna página coincide con «zzqxv». Pruebe con otras palabras.");
  assert.equal(await page.locator(".site-search [role=status]").textContent(), "Sin resultados");

  await page.goto(`${spanish.url}search/?q=contrase%C3%B1a`, { waitUntil: "networkidle" });
  await waitFor(page, () => document.querySelector(".search-status").textContent !== "", null, "status");
  assert.match(await page.locator(".search-status").textContent(), /^\d+ resultados? en \d+ páginas?$/);
  assert.equal(await page.locator("h1").textContent(), "Buscar");
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});
