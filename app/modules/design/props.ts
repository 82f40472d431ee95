// Keywords → a topic prop: one large emoji drawn beside the headline.
// A curated table covers the topics creators use most, because emojilib's
// keywords are broad ("money" lists a dozen emoji, "gaming" none); emojilib
// then covers the long tail by emoji name. The person is already in the
// thumbnail, so faces, people and flags are never props.
import emojilib from "emojilib";

export type TopicProp = { emoji: string; keyword: string };

const CURATED: Record<string, string> = {
  // tech
  "gaming pc": "🖥️", pc: "🖥️", computer: "🖥️", desktop: "🖥️", monitor: "🖥️", gpu: "🖥️", setup: "🖥️",
  laptop: "💻", macbook: "💻", iphone: "📱", phone: "📱", smartphone: "📱", android: "📱", samsung: "📱", pixel: "📱",
  ipad: "📱", tablet: "📱", battery: "🔋", charger: "🔌", charging: "🔌", camera: "📷", headphones: "🎧",
  airpods: "🎧", earbuds: "🎧", keyboard: "⌨️", tv: "📺", smartwatch: "⌚", "apple watch": "⌚", drone: "🚁",
  ai: "🧠", chatgpt: "🧠", wifi: "📶", internet: "🌐", youtube: "▶️", vr: "🥽",
  // games
  gaming: "🎮", game: "🎮", games: "🎮", gamer: "🎮", console: "🎮", ps5: "🎮", ps4: "🎮", playstation: "🎮",
  xbox: "🎮", nintendo: "🎮", "nintendo switch": "🎮", fortnite: "🎮", minecraft: "⛏️", chess: "♟️", poker: "🃏",
  dice: "🎲", lego: "🧱", football: "⚽", soccer: "⚽", basketball: "🏀", baseball: "⚾", golf: "⛳", tennis: "🎾",
  // money
  money: "💰", "$": "💵", dollar: "💵", dollars: "💵", usd: "💵", bucks: "💵", cash: "💵", salary: "💵", income: "💵",
  "€": "💶", euro: "💶", euros: "💶", "£": "💷", "¥": "💴", yen: "💴", price: "🏷️", cheap: "🏷️", budget: "💰",
  rich: "💰", expensive: "💸", invest: "📈", investing: "📈", stocks: "📈", stock: "📈", crypto: "🪙", bitcoin: "🪙",
  bank: "🏦", savings: "🏦",
  // food and cooking
  sourdough: "🍞", bread: "🍞", bake: "🍞", baking: "🍞", pizza: "🍕", burger: "🍔", steak: "🥩", meat: "🥩",
  chicken: "🍗", egg: "🥚", eggs: "🥚", pasta: "🍝", ramen: "🍜", sushi: "🍣", coffee: "☕", tea: "🍵", cake: "🎂",
  cookie: "🍪", cookies: "🍪", chocolate: "🍫", salad: "🥗", vegan: "🥗", taco: "🌮", tacos: "🌮", recipe: "🍳",
  cooking: "🍳", cook: "🍳", kitchen: "🍳", "meal prep": "🍱", "air fryer": "🍟", fries: "🍟", "ice cream": "🍦",
  wine: "🍷", beer: "🍺", fruit: "🍎", keto: "🥑", avocado: "🥑",
  // travel
  travel: "✈️", flight: "✈️", plane: "✈️", airport: "✈️", vacation: "🏝️", beach: "🏖️", hotel: "🏨", camping: "🏕️",
  trip: "🧳", "road trip": "🚗", japan: "🗾", tokyo: "🗼", paris: "🗼", "new york": "🗽", mountain: "⛰️",
  hiking: "🥾", cruise: "🚢", backpacking: "🎒",
  // fitness (💪 is a body part, not a person)
  gym: "💪", workout: "💪", fitness: "💪", muscle: "💪", abs: "💪", "weight loss": "⚖️", "lose weight": "⚖️",
  diet: "🥗", protein: "🥩", running: "👟", marathon: "👟", sneakers: "👟", shoes: "👟", steps: "👟", bike: "🚲",
  cycling: "🚲", sleep: "🛏️",
  // cars
  car: "🚗", cars: "🚗", tesla: "🚗", "electric car": "🚗", bmw: "🚗", truck: "🚚", motorcycle: "🏍️",
  racing: "🏎️", f1: "🏎️", gas: "⛽", fuel: "⛽",
  // everything else creators cover often
  house: "🏠", home: "🏠", rent: "🏠", apartment: "🏢", dog: "🐕", cat: "🐈", music: "🎵", guitar: "🎸",
  piano: "🎹", book: "📚", books: "📚", study: "📚", school: "🏫", college: "🎓", job: "💼", business: "💼",
  startup: "🚀", rocket: "🚀", space: "🚀", challenge: "🏆", shopping: "🛍️", amazon: "📦", gift: "🎁",
  christmas: "🎄", halloween: "🎃", makeup: "💄", skincare: "🧴", fashion: "👗", clothes: "👕",
};

// Words that match some emoji but never name a topic.
const NOT_TOPICS = new Set(
  (
    "is it its it's new best worst top good bad big small the a an and or of to in on for with my your this that review reviews " +
    "vs versus under over day days time watch look first last free real fake hot cool one two three up down out off yes no " +
    "ok cheap shocking insane crazy secret truth worth tried try test how why what who which when where love like make " +
    "man woman men women person people guy guys girl boy kid kids baby babies family selfie face faces me myself flag flags " +
    "fast easy quick month months monthly week weeks day days year years hour hours minute minutes online"
  ).split(" "),
);

// Body parts that are not a person and read well as a prop.
const ALLOWED_BODY_PARTS = new Set(["💪", "🧠"]);

const entries = Object.entries(emojilib as Record<string, string[]>);
const order = new Map(entries.map(([emoji], i) => [emoji, i]));
// emojilib lists emoji in Unicode order: smileys and people come before the first
// animal, flags from the chequered flag to the last country; newer emoji follow at the end.
const FIRST_ANIMAL = order.get("🐵") ?? 0;
const FIRST_FLAG = order.get("🏁") ?? entries.length;
const LAST_FLAG = entries.reduce((last, [emoji], i) => (/\p{Regional_Indicator}|\u{E007F}/u.test(emoji) ? i : last), FIRST_FLAG);
const PERSON_NAME = /\b(face|faces|person|people|man|woman|men|women|boy|girl|baby|child|family|ninja|troll|pregnant|head|hand|hands|finger|fingers|lip|lips|beard|tuxedo|veil|claus|dancer|pointing|crown|fingerprint|creature|adult)\b/;

export function isFlagEmoji(emoji: string) {
  const index = order.get(emoji);
  return (
    /\p{Regional_Indicator}|[\u{E0020}-\u{E007F}]/u.test(emoji) ||
    (index !== undefined && index >= FIRST_FLAG && index <= LAST_FLAG) ||
    (emojilib as Record<string, string[]>)[emoji]?.[0].includes("flag") === true
  );
}

export function isPersonEmoji(emoji: string) {
  if (ALLOWED_BODY_PARTS.has(emoji)) return false;
  const index = order.get(emoji);
  if (index === undefined) return true;
  if (index < FIRST_ANIMAL) return true;
  // Everything that takes a skin tone is a person or a hand.
  if (/\p{Emoji_Modifier_Base}/u.test(emoji)) return true;
  const name = (emojilib as Record<string, string[]>)[emoji][0].replace(/_/g, " ");
  return index > LAST_FLAG && PERSON_NAME.test(name);
}

export function isAllowedProp(emoji: string) {
  return order.has(emoji) && !/[\u{1F3FB}-\u{1F3FF}]/u.test(emoji) && !isFlagEmoji(emoji) && !isPersonEmoji(emoji);
}

// Exact emoji names beat words inside a name ("battery" → 🔋 before "mobile_phone" for "phone"),
// and names beat the loose keyword lists.
const byName = new Map<string, string>();
const byNamePart = new Map<string, string>();
const byKeyword = new Map<string, string>();
for (const [emoji, [name, ...keywords]] of entries) {
  if (!isAllowedProp(emoji)) continue;
  if (!byName.has(name)) byName.set(name, emoji);
  for (const part of name.split(/[_ ]/)) if (!byNamePart.has(part)) byNamePart.set(part, emoji);
  for (const keyword of keywords) {
    const key = keyword.toLowerCase();
    if (!byKeyword.has(key)) byKeyword.set(key, emoji);
  }
}

function singular(word: string) {
  return word.endsWith("ies") ? `${word.slice(0, -3)}y` : word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : null;
}

function lookup(token: string): { emoji: string; tier: number } | null {
  const forms = [token, singular(token)].filter((f): f is string => f !== null);
  for (const form of forms) if (CURATED[form]) return { emoji: CURATED[form], tier: 0 };
  if (token.length < 3 || NOT_TOPICS.has(token) || !/^[a-z]+$/.test(token)) return null;
  for (const [tier, table] of [byName, byNamePart, byKeyword].entries()) {
    for (const form of forms) {
      const emoji = table.get(form);
      if (emoji) return { emoji, tier: tier + 1 };
    }
  }
  return null;
}

/**
 * Props for the keywords, best first, one emoji each: curated topics first, then emojilib
 * names, then its keywords; within a tier, the order the creator wrote them in.
 */
export function topicProps(keywords: string): TopicProp[] {
  const found: { prop: TopicProp; tier: number; position: number }[] = [];
  const words = keywords
    .normalize("NFKC")
    .split(/[^\p{L}\p{M}\p{N}$€£¥'-]+/u)
    .flatMap((w) => [w, ...(w.match(/[A-Za-z][A-Za-z0-9]+/g) ?? [])])
    .filter((w, i, all) => w && all.indexOf(w) === i);
  const lower = words.map((w) => w.toLowerCase());
  lower.forEach((token, i) => {
    const pair = i + 1 < lower.length ? `${token} ${lower[i + 1]}` : null;
    if (pair && CURATED[pair]) found.push({ prop: { emoji: CURATED[pair], keyword: `${words[i]} ${words[i + 1]}` }, tier: -1, position: i });
    const symbol = token.match(/^[$€£¥]/)?.[0];
    const match = symbol ? { emoji: CURATED[symbol], tier: 0 } : lookup(token);
    if (match) found.push({ prop: { emoji: match.emoji, keyword: words[i] }, tier: match.tier, position: i });
  });
  found.sort((a, b) => a.tier - b.tier || a.position - b.position);
  const seen = new Set<string>();
  return found
    .filter(({ prop }) => isAllowedProp(prop.emoji) && !seen.has(prop.emoji) && seen.add(prop.emoji))
    .map(({ prop }) => prop);
}
