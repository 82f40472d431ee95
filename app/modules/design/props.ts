// Keywords → a topic prop drawn beside the headline: a brand's logo when the
// keywords name a brand or one of its products ("iphone" → the Apple logo),
// else one large emoji. The table is curated because a wrong prop is worse
// than none: emojilib's keyword lists are loose (its 🏫 lists "learn", its 🕸️
// "web"), so it only adds exact emoji names, for the long tail of plain nouns.
//
// In a phrase, the head noun is what the video is about and the words before
// it only modify it: "budget mic" is a mic, "chicken wings recipe" is wings.
// So within each run of content words the rightmost match leads, and frame
// words ("recipe", "tips", "vlog") only count when nothing else matched.
// The person is already in the thumbnail, so faces, people and flags are
// never props.
//
// Client-safe: the logo's paths and the emoji art are read by the server
// (providers/local/prop-art.server); this module knows slugs, titles and
// brand colours only.
import emojilib from "emojilib";

/**
 * A prop as a recipe stores it. `emoji` is always set: it names the prop in
 * prompts, and is what is drawn when there is no logo. `logo` is a
 * simple-icons slug (see BRANDS); recipes stored before logos have none.
 */
export type TopicProp = { emoji: string; keyword: string; logo?: string };

/** Brands drawn as logos: simple-icons slug → its title and brand colour (simple-icons 16, CC0). */
export const BRANDS: Record<string, { title: string; hex: string }> = Object.fromEntries(
  (
    [
      ["apple", "Apple", "#000000"], ["playstation", "PlayStation", "#0070d1"], ["python", "Python", "#3776ab"],
      ["javascript", "JavaScript", "#f7df1e"], ["typescript", "TypeScript", "#3178c6"], ["react", "React", "#61dafb"],
      ["vuedotjs", "Vue.js", "#4fc08d"], ["nodedotjs", "Node.js", "#5fa04e"], ["nextdotjs", "Next.js", "#000000"],
      ["angular", "Angular", "#0f0f11"], ["svelte", "Svelte", "#ff3e00"], ["tailwindcss", "Tailwind CSS", "#06b6d4"],
      ["html5", "HTML5", "#e34f26"], ["css", "CSS", "#663399"], ["kotlin", "Kotlin", "#7f52ff"], ["php", "PHP", "#777bb4"],
      ["docker", "Docker", "#2496ed"], ["kubernetes", "Kubernetes", "#326ce5"], ["git", "Git", "#f03c2e"],
      ["github", "GitHub", "#181717"], ["linux", "Linux", "#fcc624"], ["ubuntu", "Ubuntu", "#e95420"],
      ["archlinux", "Arch Linux", "#1793d1"], ["debian", "Debian", "#a81d33"], ["android", "Android", "#3ddc84"],
      ["googlechrome", "Google Chrome", "#4285f4"], ["firefox", "Firefox", "#ff7139"], ["nvidia", "NVIDIA", "#76b900"],
      ["amd", "AMD", "#ed1c24"], ["intel", "Intel", "#0071c5"], ["qualcomm", "Qualcomm", "#3253dc"],
      ["samsung", "Samsung", "#1428a0"], ["google", "Google", "#4285f4"], ["googlegemini", "Google Gemini", "#8e75b2"],
      ["claude", "Claude", "#d97757"], ["anthropic", "Anthropic", "#191919"], ["huggingface", "Hugging Face", "#ffd21e"],
      ["pytorch", "PyTorch", "#ee4c2c"], ["tensorflow", "TensorFlow", "#ff6f00"], ["youtube", "YouTube", "#ff0000"],
      ["youtubeshorts", "YouTube Shorts", "#ff0000"], ["tiktok", "TikTok", "#000000"], ["instagram", "Instagram", "#ff0069"],
      ["facebook", "Facebook", "#0866ff"], ["x", "X", "#000000"], ["reddit", "Reddit", "#ff4500"],
      ["snapchat", "Snapchat", "#fffc00"], ["whatsapp", "WhatsApp", "#25d366"], ["telegram", "Telegram", "#26a5e4"],
      ["pinterest", "Pinterest", "#bd081c"], ["discord", "Discord", "#5865f2"], ["twitch", "Twitch", "#9146ff"],
      ["spotify", "Spotify", "#1ed760"], ["netflix", "Netflix", "#e50914"], ["steam", "Steam", "#000000"],
      ["steamdeck", "Steam Deck", "#1a9fff"], ["epicgames", "Epic Games", "#313131"], ["fortnite", "Fortnite", "#000000"],
      ["roblox", "Roblox", "#000000"], ["valorant", "Valorant", "#fa4454"], ["leagueoflegends", "League of Legends", "#c28f2c"],
      ["counterstrike", "Counter-Strike", "#000000"], ["pubg", "PUBG", "#f4b942"], ["bitcoin", "Bitcoin", "#f7931a"],
      ["ethereum", "Ethereum", "#3c3c3d"], ["solana", "Solana", "#9945ff"], ["dogecoin", "Dogecoin", "#c2a633"],
      ["binance", "Binance", "#f0b90b"], ["coinbase", "Coinbase", "#0052ff"], ["paypal", "PayPal", "#002991"],
      ["stripe", "Stripe", "#635bff"], ["shopify", "Shopify", "#7ab55c"], ["etsy", "Etsy", "#f16521"], ["ebay", "eBay", "#e53238"],
      ["airbnb", "Airbnb", "#ff5a5f"], ["uber", "Uber", "#000000"], ["tesla", "Tesla", "#cc0000"], ["bmw", "BMW", "#0066b1"],
      ["audi", "Audi", "#bb0a30"], ["porsche", "Porsche", "#b12b28"], ["ferrari", "Ferrari", "#d40000"],
      ["lamborghini", "Lamborghini", "#b6a272"], ["ford", "Ford", "#00274e"], ["toyota", "Toyota", "#eb0a1e"],
      ["honda", "Honda", "#e40521"], ["volkswagen", "Volkswagen", "#151f5d"], ["spacex", "SpaceX", "#000000"],
      ["nasa", "NASA", "#e03c31"], ["nike", "Nike", "#111111"], ["adidas", "Adidas", "#000000"],
      ["mcdonalds", "McDonald's", "#fbc817"], ["starbucks", "Starbucks", "#006241"], ["kfc", "KFC", "#f40027"],
      ["burgerking", "Burger King", "#d62300"], ["cocacola", "Coca-Cola", "#d00013"], ["redbull", "Red Bull", "#db0a40"],
      ["figma", "Figma", "#f24e1e"], ["notion", "Notion", "#000000"], ["obsidian", "Obsidian", "#7c3aed"],
      ["trello", "Trello", "#0052cc"], ["blender", "Blender", "#e87d0d"], ["unrealengine", "Unreal Engine", "#0e1128"],
      ["godotengine", "Godot Engine", "#478cbf"], ["davinciresolve", "DaVinci Resolve", "#233a51"],
      ["obsstudio", "OBS Studio", "#302e31"], ["raspberrypi", "Raspberry Pi", "#a22846"], ["arduino", "Arduino", "#00878f"],
      ["dji", "DJI", "#000000"], ["sony", "Sony", "#ffffff"], ["xiaomi", "Xiaomi", "#ff6900"], ["huawei", "Huawei", "#ff0000"],
      ["oneplus", "OnePlus", "#f5010c"], ["duolingo", "Duolingo", "#58cc02"], ["patreon", "Patreon", "#000000"],
    ] as const
  ).map(([slug, title, hex]) => [slug, { title, hex }]),
);

// What creators type → [logo slug, the product's emoji]. Words that are also
// ordinary English ("kick", "threads", "shorts", "node", "unreal", "pixel")
// only count in a longer name.
const LOGO_NAMES: Record<string, [string, string]> = {};
function logos(slug: string, emoji: string, names: string) {
  for (const name of names.split("|")) LOGO_NAMES[name] = [slug, emoji];
}
logos("apple", "📱", "iphone|ios|apple iphone");
logos("apple", "📱", "ipad|ipad pro|ipad air|ipad mini");
logos("apple", "💻", "macbook|macbook pro|macbook air|mac mini|mac studio|macos");
logos("apple", "🖥️", "imac");
logos("apple", "🎧", "airpods|airpods pro|airpods max");
logos("apple", "⌚", "apple watch");
logos("apple", "🥽", "vision pro|apple vision pro");
logos("playstation", "🎮", "playstation|ps5|ps4|ps3|ps2|ps1|psp|ps vita|ps5 pro");
logos("python", "💻", "python");
logos("javascript", "💻", "javascript|js");
logos("typescript", "💻", "typescript");
logos("react", "💻", "react|reactjs|react native|react js");
logos("vuedotjs", "💻", "vue|vuejs|vue js");
logos("nodedotjs", "💻", "nodejs|node js");
logos("nextdotjs", "💻", "nextjs|next js");
logos("angular", "💻", "angular");
logos("svelte", "💻", "svelte|sveltekit");
logos("tailwindcss", "💻", "tailwind|tailwindcss|tailwind css");
logos("html5", "💻", "html|html5");
logos("css", "💻", "css|css3");
logos("kotlin", "💻", "kotlin");
logos("php", "💻", "php");
logos("docker", "💻", "docker");
logos("kubernetes", "💻", "kubernetes|k8s");
logos("git", "💻", "git");
logos("github", "💻", "github");
logos("linux", "💻", "linux");
logos("ubuntu", "💻", "ubuntu");
logos("archlinux", "💻", "arch linux");
logos("debian", "💻", "debian");
logos("android", "📱", "android");
logos("googlechrome", "🌐", "chrome|google chrome");
logos("firefox", "🌐", "firefox");
logos("nvidia", "🖥️", "nvidia|rtx|geforce");
logos("amd", "🖥️", "amd|ryzen|radeon");
logos("intel", "🖥️", "intel");
logos("qualcomm", "📱", "qualcomm|snapdragon");
logos("samsung", "📱", "samsung|galaxy s24|galaxy s25|galaxy s26|galaxy s24 ultra|galaxy s25 ultra|galaxy s26 ultra");
logos("google", "🌐", "google");
logos("google", "📱", "google pixel");
logos("googlegemini", "🤖", "gemini|google gemini");
logos("claude", "🤖", "claude|claude code");
logos("anthropic", "🤖", "anthropic");
logos("huggingface", "🤖", "hugging face|huggingface");
logos("pytorch", "💻", "pytorch");
logos("tensorflow", "💻", "tensorflow");
logos("youtube", "📺", "youtube|yt");
logos("youtubeshorts", "📱", "youtube shorts|yt shorts");
logos("tiktok", "📱", "tiktok|tik tok");
logos("instagram", "📷", "instagram|insta|ig reels|instagram reels");
logos("facebook", "📱", "facebook");
logos("x", "📱", "twitter");
logos("reddit", "📱", "reddit");
logos("snapchat", "📱", "snapchat");
logos("whatsapp", "📱", "whatsapp");
logos("telegram", "📱", "telegram");
logos("pinterest", "📱", "pinterest");
logos("discord", "💬", "discord");
logos("twitch", "🎮", "twitch");
logos("spotify", "🎵", "spotify");
logos("netflix", "📺", "netflix");
logos("steam", "🎮", "steam");
logos("steamdeck", "🎮", "steam deck");
logos("epicgames", "🎮", "epic games");
logos("fortnite", "🎮", "fortnite");
logos("roblox", "🎮", "roblox");
logos("valorant", "🎮", "valorant");
logos("leagueoflegends", "🎮", "league of legends");
logos("counterstrike", "🎮", "counter strike|cs2|csgo|cs go");
logos("pubg", "🎮", "pubg");
logos("bitcoin", "🪙", "bitcoin|btc");
logos("ethereum", "🪙", "ethereum|eth");
logos("solana", "🪙", "solana");
logos("dogecoin", "🪙", "dogecoin|doge");
logos("binance", "🪙", "binance");
logos("coinbase", "🪙", "coinbase");
logos("paypal", "💵", "paypal");
logos("stripe", "💳", "stripe");
logos("shopify", "🛍️", "shopify");
logos("etsy", "🛍️", "etsy");
logos("ebay", "🛍️", "ebay");
logos("airbnb", "🏠", "airbnb");
logos("uber", "🚗", "uber|uber eats");
logos("tesla", "🚗", "tesla|cybertruck|model 3|model y");
logos("bmw", "🚗", "bmw");
logos("audi", "🚗", "audi");
logos("porsche", "🏎️", "porsche");
logos("ferrari", "🏎️", "ferrari");
logos("lamborghini", "🏎️", "lamborghini|lambo");
logos("ford", "🚗", "ford|mustang");
logos("toyota", "🚗", "toyota|corolla|prius");
logos("honda", "🚗", "honda|civic");
logos("volkswagen", "🚗", "volkswagen|vw");
logos("spacex", "🚀", "spacex|starship");
logos("nasa", "🚀", "nasa");
logos("nike", "👟", "nike|air jordan|jordans");
logos("adidas", "👟", "adidas");
logos("mcdonalds", "🍔", "mcdonalds|mcdonald's|mcdonald s");
logos("starbucks", "☕", "starbucks");
logos("kfc", "🍗", "kfc");
logos("burgerking", "🍔", "burger king");
logos("cocacola", "🥤", "coca cola|coca-cola");
logos("redbull", "🥤", "red bull");
logos("figma", "🎨", "figma");
logos("notion", "📝", "notion");
logos("obsidian", "📝", "obsidian");
logos("trello", "📝", "trello");
logos("blender", "🎨", "blender");
logos("unrealengine", "🎮", "unreal engine|unreal engine 5|ue5");
logos("godotengine", "🎮", "godot");
logos("davinciresolve", "🎬", "davinci resolve");
logos("obsstudio", "🎥", "obs|obs studio");
logos("raspberrypi", "💻", "raspberry pi");
logos("arduino", "💻", "arduino");
logos("dji", "📷", "dji");
logos("sony", "📷", "sony");
logos("xiaomi", "📱", "xiaomi");
logos("huawei", "📱", "huawei");
logos("oneplus", "📱", "oneplus");
logos("duolingo", "📚", "duolingo");
logos("patreon", "💵", "patreon");

// Brands and games that simple-icons does not carry (Microsoft's, OpenAI's,
// Minecraft, Amazon): the thing they are about, at the same rank as a logo.
const BRAND_EMOJI: Record<string, string> = {
  minecraft: "⛏️", xbox: "🎮", "xbox series x": "🎮", nintendo: "🎮", "nintendo switch": "🎮", "switch 2": "🎮",
  "switch oled": "🎮", zelda: "🗡️", pokemon: "🎮", "pokémon": "🎮", "gta": "🎮", "gta 6": "🎮", "call of duty": "🔫",
  windows: "💻", "windows 11": "💻", microsoft: "💻", excel: "📊", powerpoint: "📊", chatgpt: "🤖", openai: "🤖",
  "gpt 5": "🤖", vscode: "💻", "vs code": "💻", "visual studio code": "💻", amazon: "📦", "amazon prime": "📦",
  linkedin: "💼", "chess.com": "♟️",
};

// Topic nouns (and a few set phrases) creators use most, with the emoji a
// viewer would recognise at 168x94.
const NOUNS: Record<string, string> = {
  // tech
  pc: "🖥️", "gaming pc": "🖥️", computer: "🖥️", desktop: "🖥️", monitor: "🖥️", gpu: "🖥️", "graphics card": "🖥️",
  "desk setup": "🖥️", "gaming setup": "🖥️", laptop: "💻", notebook: "💻", code: "💻", coding: "💻", programming: "💻",
  programmer: "💻", developer: "💻", "web dev": "💻", "web development": "💻", "web developer": "💻", website: "💻",
  "software engineer": "💻", software: "💻", phone: "📱", smartphone: "📱", tablet: "📱", app: "📱", apps: "📱",
  battery: "🔋", charger: "🔌", charging: "🔌", camera: "📷", photography: "📷", lens: "📷", headphones: "🎧",
  headphone: "🎧", earbuds: "🎧", headset: "🎧", mic: "🎙️", microphone: "🎙️", podcast: "🎙️", podcasting: "🎙️",
  keyboard: "⌨️", mouse: "🖱️", tv: "📺", television: "📺", smartwatch: "⌚", ai: "🤖", robot: "🤖", robots: "🤖",
  "artificial intelligence": "🤖", wifi: "📶", internet: "🌐", vr: "🥽", "vr headset": "🥽", printer: "🖨️",
  "3d printer": "🖨️", "3d printing": "🖨️", speaker: "🔊", speakers: "🔊", radio: "📻", film: "🎬", movie: "🎬",
  movies: "🎬", cinema: "🎬", "video editing": "🎬", "edit videos": "🎬", filmmaking: "🎬",
  // games and sport
  gaming: "🎮", game: "🎮", "video game": "🎮", gamer: "🎮", console: "🎮", controller: "🎮", chess: "♟️", poker: "🃏",
  dice: "🎲", lego: "🧱", football: "⚽", soccer: "⚽", "american football": "🏈", nfl: "🏈", basketball: "🏀",
  nba: "🏀", baseball: "⚾", golf: "⛳", tennis: "🎾", volleyball: "🏐", hockey: "🏒", boxing: "🥊", mma: "🥊",
  ufc: "🥊", bowling: "🎳", skateboard: "🛹", skateboarding: "🛹", skiing: "🎿", fishing: "🎣", darts: "🎯",
  cricket: "🏏", trophy: "🏆", speedrun: "⏱️", speedrunning: "⏱️",
  // money
  money: "💰", millionaire: "💰", "$": "💵", dollar: "💵", usd: "💵", bucks: "💵", cash: "💵", salary: "💵",
  income: "💵", paycheck: "💵", "passive income": "💵", "€": "💶", euro: "💶", "£": "💷", pound: "💷", "¥": "💴",
  yen: "💴", price: "🏷️", invest: "📈", investing: "📈", investment: "📈", stock: "📈", "stock market": "📈",
  trading: "📈", profit: "📈", crypto: "🪙", cryptocurrency: "🪙", coin: "🪙", bank: "🏦", banking: "🏦",
  savings: "🏦", tax: "🧾", taxes: "🧾", receipt: "🧾", "credit card": "💳", "credit score": "💳", business: "💼",
  job: "💼", career: "💼", interview: "💼", startup: "🚀", rocket: "🚀", "real estate": "🏠",
  // food and cooking
  sourdough: "🍞", bread: "🍞", baking: "🍞", pizza: "🍕", burger: "🍔", hamburger: "🍔", cheeseburger: "🍔",
  steak: "🥩", beef: "🥩", meat: "🥩", chicken: "🍗", wing: "🍗", "chicken wing": "🍗",
  "fried chicken": "🍗", drumstick: "🍗", egg: "🥚", pasta: "🍝", spaghetti: "🍝", ramen: "🍜", noodle: "🍜",
  soup: "🍲", curry: "🍛", rice: "🍚", sushi: "🍣", coffee: "☕", espresso: "☕", latte: "☕", tea: "🍵",
  matcha: "🍵", cake: "🎂", cupcake: "🧁", cookie: "🍪", chocolate: "🍫", donut: "🍩", doughnut: "🍩", salad: "🥗",
  vegan: "🥗", diet: "🥗", taco: "🌮", burrito: "🌯", sandwich: "🥪", "hot dog": "🌭", fries: "🍟",
  "french fries": "🍟", knife: "🔪", knives: "🔪", "kitchen knife": "🔪", "chef knife": "🔪", "meal prep": "🍱",
  "ice cream": "🍦", wine: "🍷", beer: "🍺", cocktail: "🍸", smoothie: "🥤", "protein shake": "🥤",
  "protein powder": "🥤", juice: "🧃", fruit: "🍎", avocado: "🥑", keto: "🥑", cheese: "🧀", "mac and cheese": "🧀",
  bbq: "🍖", barbecue: "🍖", ribs: "🍖", brisket: "🍖", bacon: "🥓", pancake: "🥞", waffle: "🧇", popcorn: "🍿",
  candy: "🍬", pie: "🥧", dumpling: "🥟", "apple pie": "🥧",
  // travel
  travel: "✈️", flight: "✈️", plane: "✈️", airport: "✈️", airline: "✈️", vacation: "🏝️", island: "🏝️",
  beach: "🏖️", hotel: "🏨", camping: "🏕️", tent: "⛺", trip: "🧳", luggage: "🧳", suitcase: "🧳", packing: "🧳",
  "road trip": "🚗", japan: "🗾", tokyo: "🗼", "new york": "🗽", nyc: "🗽", mountain: "⛰️", hiking: "🥾", hike: "🥾",
  cruise: "🚢", backpacking: "🎒", backpack: "🎒", map: "🗺️", train: "🚆", "van life": "🚐", vanlife: "🚐",
  camper: "🚐", rv: "🚐",
  // fitness (💪 is a body part, not a person)
  gym: "💪", workout: "💪", fitness: "💪", muscle: "💪", bodybuilding: "💪", "weight loss": "⚖️",
  "lose weight": "⚖️", running: "👟", marathon: "👟", sneaker: "👟", shoe: "👟", "running shoes": "👟", bike: "🚲",
  cycling: "🚲", bicycle: "🚲", sleep: "🛏️", supplement: "💊", vitamin: "💊", creatine: "💊", water: "💧",
  // cars
  car: "🚗", "electric car": "🚗", ev: "🚗", truck: "🛻", motorcycle: "🏍️", motorbike: "🏍️", racing: "🏎️",
  "race car": "🏎️", f1: "🏎️", "formula 1": "🏎️", gas: "⛽", fuel: "⛽",
  // home, pets, hobbies, school
  house: "🏠", home: "🏠", rent: "🏠", apartment: "🏢", "house tour": "🏠", garden: "🪴", gardening: "🪴",
  plant: "🪴", houseplant: "🪴", dog: "🐕", puppy: "🐶", cat: "🐈", kitten: "🐈", music: "🎵", song: "🎵",
  guitar: "🎸", piano: "🎹", drums: "🥁", violin: "🎻", singing: "🎤", karaoke: "🎤", book: "📚", reading: "📖",
  study: "📚", studying: "📚", exam: "📝", homework: "📝", school: "🏫", college: "🎓", university: "🎓",
  graduation: "🎓", science: "🧪", chemistry: "🧪", history: "📜", art: "🎨", painting: "🎨", drawing: "✏️",
  design: "🎨", gift: "🎁", christmas: "🎄", halloween: "🎃", birthday: "🎂", wedding: "💍", makeup: "💄",
  skincare: "🧴", fashion: "👗", dress: "👗", clothes: "👕", outfit: "👕", jewelry: "💍", shopping: "🛍️",
  delivery: "📦", package: "📦", space: "🚀", moon: "🌙", planet: "🪐", earth: "🌍", email: "📧", calendar: "📅",
  password: "🔒", security: "🔒", doctor: "🩺", medicine: "💊", teeth: "🦷", dentist: "🦷", barber: "💈",
  haircut: "💈", cleaning: "🧹", laundry: "🧺", diy: "🔨", tool: "🔧", repair: "🔧", woodworking: "🪚",
  snake: "🐍", fish: "🐟", aquarium: "🐠", dinosaur: "🦖", horse: "🐎", bird: "🐦",
};

// Frame words name the kind of video, not its topic: they draw a prop only when nothing else matched.
const FRAME_NOUNS: Record<string, string> = {
  recipe: "🍳", cooking: "🍳", cook: "🍳", kitchen: "🍳", tip: "💡", hack: "💡", "life hack": "💡", idea: "💡",
  vlog: "📹", unboxing: "📦", haul: "🛍️", challenge: "🏆",
};

// Words that end a run of content words: a head noun is the last match before one of these.
const BREAKS = new Set(
  (
    "for in on with vs versus and or to of from at by under over without into about like than after before using " +
    "the a an my your our their his her this that these those how why what when where which who i you we they it " +
    "is are was were be been do does did can will should would could not no yes vs. v"
  ).split(" "),
);

// Words that match an emoji name but never name a topic.
const NOT_TOPICS = new Set(
  (
    "is it its it's new best worst top good bad big small the a an and or of to in on for with my your this that review reviews " +
    "vs versus under over day days time watch look first last free real fake hot cool one two three up down out off yes no " +
    "ok cheap shocking insane crazy secret truth worth tried try test how why what who which when where love like make " +
    "man woman men women person people guy guys girl boy kid kids baby babies family selfie face faces me myself flag flags " +
    "fast easy quick month months monthly week weeks year years hour hours minute minutes online " +
    "ram mate sake seat key gear pick link label ledger locked unlocked foggy sparkles briefs shorts turkey rock window star"
  ).split(" "),
);

// Faces and body parts that are not a person and read well as a prop.
const ALLOWED_SMILEYS_AND_BODY = new Set(["💪", "🧠", "🤖", "🦷"]);

const entries = Object.entries(emojilib as Record<string, string[]>);
const order = new Map(entries.map(([emoji], i) => [emoji, i]));
// emojilib lists emoji in Unicode order: smileys and people come before the first
// animal, symbols after the objects, flags from the chequered flag to the last
// country; newer emoji follow at the end.
const FIRST_ANIMAL = order.get("🐵") ?? 0;
const FIRST_SYMBOL = order.get("🏧") ?? entries.length;
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
  if (ALLOWED_SMILEYS_AND_BODY.has(emoji)) return false;
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

// The long tail: an emoji whose whole name is the word ("pineapple" → 🍍,
// "hot dog" → 🌭), among animals, food, places, activities and objects only:
// symbols' names are words like "new", "top" and "vs".
const BY_NAME = new Map<string, string>();
for (const [emoji, [name]] of entries) {
  const index = order.get(emoji)!;
  const pictograph = (index >= FIRST_ANIMAL && index < FIRST_SYMBOL) || index > LAST_FLAG;
  if (pictograph && isAllowedProp(emoji) && !BY_NAME.has(name)) BY_NAME.set(name.replace(/_/g, " "), emoji);
}

function singular(word: string) {
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|xes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !/(ss|us|is)$/.test(word) && word.length > 3) return word.slice(0, -1);
  return null;
}

type Kind = "logo" | "brand" | "noun" | "name" | "frame";
type Match = { prop: TopicProp; kind: Kind; start: number; end: number };

// Words that make an ambiguous brand word mean the brand.
const TECH_CONTEXT = /\b(iphone|ipad|mac|macbook|ios|watch|airpods|event|keynote|vs|review|stock|stocks|shares|tv|music|vision|m[1-5]|samsung|google|android|tech|phone|laptop)\b/;
const PET_CONTEXT = /\b(snake|snakes|reptile|reptiles|pet|pets|ball python|enclosure|terrarium|feeding)\b/;

/** The prop a word or set phrase names, if it clearly names one. */
function propFor(phrase: string, shown: string, whole: string, next: string | undefined): Omit<Match, "start" | "end"> | null {
  // "chicken wings" → "chicken wing": the last word of a name takes the plural.
  const words = phrase.split(" ");
  const last = singular(words[words.length - 1]);
  const forms = [phrase, ...(last ? [[...words.slice(0, -1), last].join(" ")] : [])];
  // Names are matched as written ("reacts" is no React).
  if (phrase === "apple" && !TECH_CONTEXT.test(whole)) return { prop: { emoji: "🍎", keyword: shown }, kind: "noun" };
  if (phrase === "python" && PET_CONTEXT.test(whole)) return { prop: { emoji: "🐍", keyword: shown }, kind: "noun" };
  // "react to", "i react": the verb, not the library.
  if (phrase === "react" && (next === "to" || /\b(i|we|you|they)\s+react\b/.test(whole))) return null;
  const logo = LOGO_NAMES[phrase] ?? (phrase === "apple" ? (["apple", "📱"] as [string, string]) : undefined);
  if (logo) return { prop: { emoji: logo[1], keyword: shown, logo: logo[0] }, kind: "logo" };
  if (BRAND_EMOJI[phrase]) return { prop: { emoji: BRAND_EMOJI[phrase], keyword: shown }, kind: "brand" };
  for (const form of forms) {
    if (NOUNS[form]) return { prop: { emoji: NOUNS[form], keyword: shown }, kind: "noun" };
    if (FRAME_NOUNS[form]) return { prop: { emoji: FRAME_NOUNS[form], keyword: shown }, kind: "frame" };
  }
  for (const form of forms) {
    if (form.length < 3 || NOT_TOPICS.has(form) || !/^[a-z]+( [a-z]+)?$/.test(form)) continue;
    const emoji = BY_NAME.get(form);
    if (emoji) return { prop: { emoji, keyword: shown }, kind: "name" };
  }
  return null;
}

/** Tokens as the creator wrote them, and their lower-case forms; Latin names inside other scripts ("ゲーミングPC") count too. */
function tokens(text: string) {
  const shown = text
    .normalize("NFKC")
    .replace(/[’‘]/g, "'")
    .split(/[^\p{L}\p{M}\p{N}$€£¥'.&-]+|(?<=\p{L})\.(?=\s|$)|,/u)
    .flatMap((w) => {
      const word = w.replace(/^['.-]+|['.-]+$/g, "");
      const latin = /^[A-Za-z0-9$€£¥'.&-]*$/.test(word) ? [] : (word.match(/[A-Za-z][A-Za-z0-9]+/g) ?? []);
      return [...(latin.length > 0 ? [] : [word]), ...latin];
    })
    .filter(Boolean);
  // "node.js", "vue-js", "counter-strike": one name.
  return { shown, lower: shown.map((w) => w.toLowerCase().replace(/[.-]/g, " ").replace(/\s+/g, " ").trim()) };
}

const MAX_NAME_WORDS = 4;

/** Every name found, longest first at each place, without overlaps. */
function matches(text: string): Match[] {
  const { shown, lower } = tokens(text);
  const whole = lower.join(" ");
  const found: Match[] = [];
  let i = 0;
  while (i < lower.length) {
    let matched: Match | null = null;
    for (let n = Math.min(MAX_NAME_WORDS, lower.length - i); n >= 1 && !matched; n--) {
      const phrase = lower.slice(i, i + n).join(" ");
      if (n === 1 && /^[$€£¥]/.test(phrase)) {
        matched = { prop: { emoji: NOUNS[phrase[0]], keyword: shown[i] }, kind: "noun", start: i, end: i + 1 };
        break;
      }
      const hit = propFor(phrase, shown.slice(i, i + n).join(" "), whole, lower[i + n]);
      if (hit) matched = { ...hit, start: i, end: i + n };
    }
    if (matched) {
      found.push(matched);
      i = matched.end;
    } else i++;
  }
  return found;
}

// Lower ranks lead: brands, then head nouns, then their modifiers, then the
// long tail, then frame words.
const RANK = { logo: 0, brand: 0, head: 1, modifier: 2, name: 3, frame: 4 } as const;

/**
 * Props for the keywords, best first, one per emoji or logo: brands first,
 * then the head noun of each phrase, then the words modifying it, then plain
 * emoji names, then frame words; within a rank, the order the creator wrote
 * them in. Empty when nothing clearly names a prop.
 */
export function topicProps(keywords: string): TopicProp[] {
  const { lower } = tokens(keywords);
  const found = matches(keywords);
  // A run of content words ends at a break word or a comma; its last noun is its head.
  const runOf = (index: number) => {
    let run = 0;
    for (let k = 0; k < index; k++) if (BREAKS.has(lower[k])) run++;
    return run;
  };
  const sep = keywords.normalize("NFKC").split(/[,;:|/!?()]+/);
  const commaRun = (start: number) => {
    // Which comma-separated part a token is in.
    let count = 0;
    for (let p = 0; p < sep.length; p++) {
      count += tokens(sep[p]).lower.length;
      if (start < count) return p;
    }
    return sep.length;
  };
  const runKey = (m: Match) => `${commaRun(m.start)}:${runOf(m.start)}`;
  const heads = new Map<string, Match>();
  for (const m of found) if (m.kind === "noun" || m.kind === "name") heads.set(runKey(m), m);
  const ranked = found
    .map((m) => {
      if (m.kind === "logo" || m.kind === "brand" || m.kind === "frame") return { m, rank: RANK[m.kind] };
      const head = heads.get(runKey(m)) === m;
      // A plain emoji name only counts as the head of its phrase: "rock" in "rock climbing" is no prop.
      if (m.kind === "name") return { m, rank: head ? RANK.name : -1 };
      return { m, rank: head ? RANK.head : RANK.modifier };
    })
    .filter(({ m, rank }) => rank >= 0 && (m.prop.logo || isAllowedProp(m.prop.emoji)));
  ranked.sort((a, b) => a.rank - b.rank || a.m.start - b.m.start);
  const hasTopic = ranked.some(({ rank }) => rank < RANK.frame);
  const seen = new Set<string>();
  return ranked
    .filter(({ rank }) => !hasTopic || rank < RANK.frame)
    .map(({ m }) => m.prop)
    .filter((prop) => {
      const key = prop.logo ?? prop.emoji;
      return !seen.has(key) && Boolean(seen.add(key));
    });
}

/** The one prop a short phrase names (one side of "X vs Y", say), or null. */
export function propForPhrase(phrase: string): TopicProp | null {
  return topicProps(phrase)[0] ?? null;
}

/**
 * The prop for a variant whose headline is `words`, on its `turn`-th prop
 * variant: one the headline itself names when the keywords' props include
 * it (a headline about Samsung shows Samsung, not the next topic in line),
 * else the keywords' props in turn.
 */
export function propForHeadline(props: TopicProp[], words: string[], turn: number): TopicProp | null {
  if (props.length === 0) return null;
  const named = new Set(topicProps(words.join(" ")).map((p) => p.logo ?? p.emoji));
  const shown = props.filter((p) => named.has(p.logo ?? p.emoji));
  const from = shown.length > 0 ? shown : props;
  return from[turn % from.length];
}

/**
 * The two props of an "X vs Y" phrase, one per side ("iPhone 17 vs Galaxy
 * S25" → the Apple and Samsung logos), or null when it is no comparison or a
 * side names no prop, or both sides name the same one.
 */
export function versusProps(keywords: string): [TopicProp, TopicProp] | null {
  // The comparison is the part of the keywords around "vs" (commas separate other topics).
  const part = keywords.split(/[,;|]/).find((p) => /\s(?:vs\.?|versus)\s/i.test(p));
  if (!part) return null;
  const [left, right] = part.split(/\s(?:vs\.?|versus)\s/i);
  const a = propForPhrase(left);
  const b = right === undefined ? null : propForPhrase(right);
  if (!a || !b || (a.logo ?? a.emoji) === (b.logo ?? b.emoji)) return null;
  return [a, b];
}

/** The brand a logo prop draws, if its slug is known. */
export function brandOf(prop: TopicProp) {
  return prop.logo ? (BRANDS[prop.logo] ?? null) : null;
}
