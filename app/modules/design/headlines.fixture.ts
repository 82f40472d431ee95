// English keyword lines as creators type them, across niches, with headlines
// a batch must offer (among the first six, the ones a plan draws) and ones
// it must never offer. The quoted failures of issue 20 are all here.
export type HeadlineCase = {
  keywords: string;
  niche: "money" | "tech" | "cooking" | "fitness" | "gaming" | "travel" | "education" | "vlog";
  /** Each must be among the first six candidates. */
  expected: string[];
  /** None may be among any candidates. */
  forbidden: string[];
};

export const HEADLINE_CASES: HeadlineCase[] = [
  // The keyword sets quoted in issue 20.
  {
    keywords: "make money online",
    niche: "money",
    expected: ["I MADE MONEY ONLINE", "HOW TO MAKE MONEY ONLINE", "MAKE MONEY ONLINE"],
    forbidden: ["I TRIED MAKE MONEY ONLINE", "IS MAKE MONEY ONLINE OVERRATED?", "THE TRUTH ABOUT MAKE MONEY ONLINE"],
  },
  {
    keywords: "how I made $10k",
    niche: "money",
    expected: ["HOW I MADE $10K", "I MADE $10K"],
    forbidden: ["$10K HOW MADE?!", "THE TRUTH ABOUT HOW MADE", "I TRIED HOW I MADE $10K"],
  },
  {
    keywords: "why I quit my job",
    niche: "vlog",
    expected: ["WHY I QUIT MY JOB", "I QUIT MY JOB"],
    forbidden: ["I TRIED JOB", "WHY I QUIT MY JOB?", "I TRIED QUIT MY JOB"],
  },
  {
    keywords: "how to edit videos on your phone",
    niche: "tech",
    expected: ["EDIT VIDEOS ON YOUR PHONE", "HOW TO EDIT VIDEOS"],
    forbidden: ["HOW TO EDIT VIDEOS ON", "HOW TO EDIT VIDEOS ON YOUR", "I EDITED VIDEOS ON YOUR PHONE"],
  },
  {
    keywords: "living in tokyo on $1000 a month",
    niche: "travel",
    expected: ["TOKYO ON $1000 A MONTH", "I LIVED IN TOKYO", "$1000 A MONTH"],
    forbidden: ["THIS $1000 LIVING?!", "I TRIED LIVING", "LIVING IN TOKYO ON"],
  },
  {
    keywords: "japan travel, 7 days",
    niche: "travel",
    expected: ["7 DAYS IN JAPAN"],
    forbidden: ["7 JAPAN TRAVEL DAYS", "I TRIED JAPAN", "I TRIED JAPAN TRAVEL"],
  },
  {
    keywords: "budget gaming PC, under 500 dollars, is it worth it",
    niche: "tech",
    expected: ["$500 GAMING PC?!", "I TRIED A $500 PC", "$500 GAMING PC: WORTH IT?"],
    forbidden: ["IS IT WORTH IT?", "WATCH BEFORE YOU BUY", "WATCH THIS FIRST"],
  },
  {
    keywords: "learn python in 10 minutes",
    niche: "education",
    expected: ["LEARN PYTHON IN 10 MINUTES", "PYTHON IN 10 MINUTES"],
    forbidden: ["I TRIED LEARN PYTHON", "10 PYTHON MINUTES", "LEARN PYTHON IN 10"],
  },
  {
    keywords: "the truth about protein powder",
    niche: "fitness",
    expected: ["THE TRUTH ABOUT PROTEIN POWDER", "PROTEIN POWDER: WORTH IT?"],
    forbidden: ["THE TRUTH ABOUT THE TRUTH", "I TRIED THE TRUTH"],
  },
  {
    keywords: "react vs vue",
    niche: "tech",
    expected: ["REACT VS VUE", "REACT OR VUE?"],
    forbidden: ["I TRIED REACT", "VUE BEATS REACT?"],
  },
  {
    keywords: "I quit my job",
    niche: "vlog",
    expected: ["I QUIT MY JOB"],
    forbidden: ["I TRIED JOB", "I QUIT MY JOB?"],
  },
  // Tech.
  {
    keywords: "iPhone 17 review, shocking battery",
    niche: "tech",
    expected: ["IPHONE 17: SHOCKING BATTERY", "I TRIED IPHONE 17", "THE TRUTH ABOUT IPHONE 17"],
    forbidden: ["IS IPHONE 17 REVIEW OVERRATED?"],
  },
  {
    keywords: "airpods pro 2 vs sony xm5",
    niche: "tech",
    expected: ["AIRPODS VS SONY XM5"],
    forbidden: ["PRO 2 VS SONY XM5", "PRO 2 OR SONY XM5?"],
  },
  {
    keywords: "iphone 16 vs samsung s24",
    niche: "tech",
    expected: ["IPHONE 16 VS SAMSUNG S24", "IPHONE 16 OR SAMSUNG S24?"],
    forbidden: ["16 VS SAMSUNG S24"],
  },
  {
    keywords: "macbook air m3, worth it in 2025?",
    niche: "tech",
    expected: ["MACBOOK AIR M3: WORTH IT?", "MACBOOK AIR M3 IN 2025?"],
    forbidden: ["WORTH IT IN 2025?", "WORTH MACBOOK AIR M3 IN 2025?"],
  },
  {
    keywords: "why is my pc so slow",
    niche: "tech",
    expected: ["WHY IS MY PC SLOW?"],
    forbidden: ["WHY IS PC SO SLOW?", "I TRIED A PC"],
  },
  {
    keywords: "how to fix a slow laptop",
    niche: "tech",
    expected: ["HOW TO FIX A LAPTOP", "I FIXED A SLOW LAPTOP", "FIX A SLOW LAPTOP"],
    forbidden: ["HOW TO FIX A", "I TRIED FIX A SLOW LAPTOP"],
  },
  {
    keywords: "mechanical keyboard, unboxing",
    niche: "tech",
    expected: ["I TRIED A KEYBOARD", "THE TRUTH ABOUT KEYBOARDS"],
    forbidden: ["I TRIED KEYBOARD", "THE TRUTH ABOUT KEYBOARD"],
  },
  {
    keywords: "tesla model 3 review",
    niche: "tech",
    expected: ["I TRIED TESLA MODEL 3", "TESLA MODEL 3: WORTH IT?"],
    forbidden: ["I TRIED TESLA MODEL", "MODEL 3 REVIEW: WORTH IT?"],
  },
  {
    keywords: "building a gaming pc",
    niche: "tech",
    expected: ["I BUILT A GAMING PC", "HOW TO BUILD A PC", "BUILDING A GAMING PC"],
    forbidden: ["I TRIED BUILD A GAMING PC", "HOW TO BUILD A"],
  },
  {
    keywords: "I built a PC for $300",
    niche: "tech",
    expected: ["I BUILT A $300 PC", "A $300 PC?!"],
    forbidden: ["I BUILT A PC FOR", "$300 BUILT?!"],
  },
  {
    keywords: "$500 gaming pc build",
    niche: "tech",
    expected: ["$500 GAMING PC BUILD?!"],
    forbidden: ["I TRIED A PC BUILD", "DON'T BUY A PC BUILD"],
  },
  {
    keywords: "best budget mic for streaming",
    niche: "tech",
    expected: ["BEST BUDGET MIC FOR STREAMING", "I TRIED A BUDGET MIC"],
    forbidden: ["I TRIED BUDGET MIC", "BEST BUDGET MIC FOR"],
  },
  {
    keywords: "how to start a youtube channel",
    niche: "education",
    expected: ["HOW TO START A CHANNEL", "I STARTED A CHANNEL"],
    forbidden: ["HOW TO START A", "I TRIED START A YOUTUBE CHANNEL"],
  },
  {
    keywords: "how to get 1000 subscribers",
    niche: "education",
    expected: ["HOW TO GET 1000 SUBSCRIBERS", "I GOT 1000 SUBSCRIBERS"],
    forbidden: ["I TRIED GET 1000 SUBSCRIBERS", "1000 HOW SUBSCRIBERS"],
  },
  // Cooking.
  {
    keywords: "sourdough",
    niche: "cooking",
    expected: ["I TRIED SOURDOUGH", "THE TRUTH ABOUT SOURDOUGH", "SOURDOUGH: WORTH IT?"],
    forbidden: ["I TRIED A SOURDOUGH", "WATCH THIS FIRST"],
  },
  {
    keywords: "meal prep on a budget",
    niche: "cooking",
    expected: ["I TRIED MEAL PREP", "THE TRUTH ABOUT MEAL PREP"],
    forbidden: ["MEAL PREP ON A", "MEAL PREP ON"],
  },
  {
    keywords: "what I eat in a day",
    niche: "cooking",
    expected: ["WHAT I EAT DAILY", "WHAT I REALLY EAT", "MY FULL DAY OF EATING"],
    forbidden: ["WHAT I EAT IN A", "WHAT I EAT IN", "WATCH THIS FIRST", "I TRIED DAY"],
  },
  {
    keywords: "homemade pizza dough",
    niche: "cooking",
    expected: ["I TRIED PIZZA DOUGH", "THE TRUTH ABOUT PIZZA DOUGH"],
    forbidden: ["I TRIED A PIZZA DOUGH", "THE TRUTH ABOUT PIZZA DOUGHS"],
  },
  {
    keywords: "chicken wings in the air fryer",
    niche: "cooking",
    expected: ["I TRIED CHICKEN WINGS", "ARE CHICKEN WINGS OVERRATED?"],
    forbidden: ["I TRIED CHICKEN", "IS CHICKEN WINGS OVERRATED?", "CHICKEN WINGS IN THE"],
  },
  {
    keywords: "how to cook the perfect steak",
    niche: "cooking",
    expected: ["HOW TO COOK STEAK", "COOK THE PERFECT STEAK", "I COOKED STEAK"],
    forbidden: ["HOW TO COOK THE", "HOW TO COOK THE STEAK", "I TRIED COOK THE PERFECT STEAK"],
  },
  {
    keywords: "croissants from scratch",
    niche: "cooking",
    expected: ["I TRIED CROISSANTS", "ARE CROISSANTS OVERRATED?"],
    forbidden: ["IS CROISSANTS OVERRATED?", "I TRIED A CROISSANTS"],
  },
  {
    keywords: "air fryer recipes, easy dinner",
    niche: "cooking",
    expected: ["I TRIED AN AIR FRYER", "THE TRUTH ABOUT AIR FRYERS"],
    forbidden: ["I TRIED A AIR FRYER", "I TRIED AIR FRYER"],
  },
  {
    keywords: "how to grow tomatoes",
    niche: "cooking",
    expected: ["HOW TO GROW TOMATOES", "I GREW TOMATOES"],
    forbidden: ["I TRIED GROW TOMATOES", "I GROWED TOMATOES"],
  },
  // Fitness.
  {
    keywords: "how to lose weight fast",
    niche: "fitness",
    expected: ["HOW TO LOSE WEIGHT FAST", "I LOST WEIGHT FAST"],
    forbidden: ["I TRIED LOSE WEIGHT", "I LOSED WEIGHT FAST", "THE TRUTH ABOUT LOSE WEIGHT"],
  },
  {
    keywords: "30 day workout challenge",
    niche: "fitness",
    expected: ["30 DAY WORKOUT CHALLENGE"],
    forbidden: ["30 DAY OF WORKOUT", "I TRIED WORKOUT", "30 WORKOUT DAY"],
  },
  {
    keywords: "I tried keto for 30 days",
    niche: "fitness",
    expected: ["30 DAYS OF KETO", "I TRIED KETO"],
    forbidden: ["I TRIED KETO FOR", "KETO 30 DAYS?", "I TRIED A KETO"],
  },
  {
    keywords: "my first marathon",
    niche: "fitness",
    expected: ["MY FIRST MARATHON"],
    forbidden: ["I TRIED FIRST MARATHON", "DON'T BUY A MARATHON", "I TRIED MARATHON"],
  },
  {
    keywords: "marathon training for beginners",
    niche: "fitness",
    expected: ["MARATHON TRAINING: WORTH IT?"],
    forbidden: ["I TRIED MARATHON", "MARATHON TRAINING FOR"],
  },
  {
    keywords: "5 mistakes to avoid, home gym",
    niche: "fitness",
    expected: ["5 HOME GYM MISTAKES", "5 MISTAKES TO AVOID"],
    forbidden: ["5 MISTAKES HOME GYM", "I TRIED HOME GYM"],
  },
  {
    keywords: "morning routine",
    niche: "vlog",
    expected: ["MY MORNING ROUTINE"],
    forbidden: ["I TRIED MORNING ROUTINE", "DON'T BUY A MORNING ROUTINE"],
  },
  // Money.
  {
    keywords: "passive income ideas",
    niche: "money",
    expected: ["THE TRUTH ABOUT PASSIVE INCOME", "IS PASSIVE INCOME OVERRATED?"],
    forbidden: ["I TRIED PASSIVE INCOME IDEAS", "ARE PASSIVE INCOME IDEAS OVERRATED?"],
  },
  {
    keywords: "investing 100 dollars a month",
    niche: "money",
    expected: ["I INVESTED $100 A MONTH", "$100 A MONTH"],
    forbidden: ["THIS $100 INVESTING?!", "INVESTING $100 A"],
  },
  {
    keywords: "stock market for beginners",
    niche: "money",
    expected: ["STOCK MARKET FOR BEGINNERS"],
    forbidden: ["I TRIED STOCK MARKET", "STOCK MARKET FOR", "I STOCKED MARKET"],
  },
  {
    keywords: "how to invest in stocks",
    niche: "money",
    expected: ["HOW TO INVEST IN STOCKS", "I INVESTED IN STOCKS"],
    forbidden: ["HOW TO INVEST IN", "I TRIED INVEST IN STOCKS"],
  },
  {
    keywords: "how does bitcoin work",
    niche: "money",
    expected: ["HOW DOES BITCOIN WORK?", "THE TRUTH ABOUT BITCOIN"],
    forbidden: ["I TRIED BITCOIN WORK", "THE TRUTH ABOUT BITCOIN WORK", "HOW DOES BITCOIN WORK"],
  },
  {
    keywords: "how I make $5000 a month with print on demand",
    niche: "money",
    expected: ["HOW I MAKE $5000", "$5000 A MONTH"],
    forbidden: ["HOW I MAKE $5000 A", "HOW I MAKE $5000 A MONTH WITH"],
  },
  {
    keywords: "is college worth it",
    niche: "education",
    expected: ["IS COLLEGE WORTH IT?", "THE TRUTH ABOUT COLLEGE"],
    forbidden: ["IS COLLEGE WORTH IT", "COLLEGE: WORTH IT?"],
  },
  // Gaming.
  {
    keywords: "PS5 vs Xbox",
    niche: "gaming",
    expected: ["PS5 VS XBOX", "PS5 VS XBOX: WHO WINS?"],
    forbidden: ["XBOX BEATS PS5?"],
  },
  {
    keywords: "minecraft hardcore survival",
    niche: "gaming",
    expected: ["I TRIED MINECRAFT", "IS MINECRAFT OVERRATED?"],
    forbidden: ["I TRIED MINECRAFT HARDCORE", "MINECRAFT HARDCORE: WORTH IT?"],
  },
  {
    keywords: "beating elden ring",
    niche: "gaming",
    expected: ["I BEAT ELDEN RING", "HOW I BEAT ELDEN RING", "BEATING ELDEN RING"],
    forbidden: ["I BEATED ELDEN RING", "I TRIED BEAT ELDEN RING"],
  },
  {
    keywords: "fortnite, new season, insane update",
    niche: "gaming",
    expected: ["FORTNITE: INSANE UPDATE"],
    forbidden: ["WATCH THIS FIRST", "MY FORTNITE UPDATE", "NEW SEASON: INSANE UPDATE"],
  },
  {
    keywords: "gta 6 trailer reaction",
    niche: "gaming",
    expected: ["GTA 6 TRAILER REACTION", "GTA 6 TRAILER: WORTH IT?"],
    forbidden: ["I TRIED GTA 6 TRAILER", "THE TRUTH ABOUT GTAS", "MY GTA 6 TRAILER", "THE TRUTH ABOUT GTA"],
  },
  {
    keywords: "speedrun world record, mario 64",
    niche: "gaming",
    expected: ["SPEEDRUN WORLD RECORD"],
    forbidden: ["I TRIED SPEEDRUN WORLD RECORD", "I TRIED A SPEEDRUN WORLD RECORD"],
  },
  // Travel.
  {
    keywords: "where to eat in tokyo",
    niche: "travel",
    expected: ["WHERE TO EAT IN TOKYO", "IS TOKYO OVERRATED?"],
    forbidden: ["I TRIED TOKYO", "WHERE TO EAT IN TOKYO?"],
  },
  {
    keywords: "cheap eats in london",
    niche: "travel",
    expected: ["THE TRUTH ABOUT CHEAP EATS"],
    forbidden: ["THE TRUTH ABOUT EATS", "I TRIED CHEAP EATS LONDON", "CHEAP EATS IN"],
  },
  {
    keywords: "road trip across america",
    niche: "travel",
    expected: ["THE TRUTH ABOUT ROAD TRIPS", "ARE ROAD TRIPS OVERRATED?"],
    forbidden: ["I TRIED ROAD TRIP", "I TRIED A ROAD TRIP", "DON'T BUY A ROAD TRIP"],
  },
  {
    keywords: "solo travel in italy",
    niche: "travel",
    expected: ["THE TRUTH ABOUT SOLO TRAVEL", "IS SOLO TRAVEL OVERRATED?"],
    forbidden: ["I TRIED ITALY", "SOLO TRAVEL IN"],
  },
  {
    keywords: "budget travel, bali, 2 weeks",
    niche: "travel",
    expected: ["2 WEEKS OF BUDGET TRAVEL", "BUDGET TRAVEL: WORTH IT?"],
    forbidden: ["2 BUDGET TRAVEL WEEKS", "2 WEEKS BUDGET TRAVEL"],
  },
  {
    keywords: "cheap flights, travel hacks",
    niche: "travel",
    expected: ["THE TRUTH ABOUT CHEAP FLIGHTS"],
    forbidden: ["CHEAP FLIGHTS HACKS", "THE TRUTH ABOUT FLIGHTS"],
  },
  {
    keywords: "tiny apartment tour, new york",
    niche: "vlog",
    expected: ["MY TINY APARTMENT TOUR"],
    forbidden: ["I TRIED TINY APARTMENT TOUR", "I TRIED A TINY APARTMENT TOUR"],
  },
  // Education.
  {
    keywords: "10 tips for beginners, python",
    niche: "education",
    expected: ["10 PYTHON TIPS", "10 TIPS FOR BEGINNERS"],
    forbidden: ["10 TIPS FOR", "10 PYTHON BEGINNERS"],
  },
  {
    keywords: "learn spanish fast",
    niche: "education",
    expected: ["LEARN SPANISH FAST", "I LEARNED SPANISH FAST", "HOW TO LEARN SPANISH FAST"],
    forbidden: ["I TRIED LEARN SPANISH", "I LEARNT SPANISH FAST?"],
  },
  {
    keywords: "how to draw anime",
    niche: "education",
    expected: ["HOW TO DRAW ANIME", "I DREW ANIME"],
    forbidden: ["I DRAWED ANIME", "I TRIED DRAW ANIME"],
  },
  {
    keywords: "studying for exams, study with me",
    niche: "education",
    expected: ["STUDY WITH ME", "I STUDIED FOR EXAMS"],
    forbidden: ["I STUDIED WITH ME", "HOW TO STUDY WITH ME", "THE TRUTH ABOUT STUDY"],
  },
  {
    keywords: "day in the life of a software engineer",
    niche: "vlog",
    expected: ["LIFE AS A SOFTWARE ENGINEER", "A SOFTWARE ENGINEER'S DAY"],
    forbidden: ["I TRIED LIFE", "THE TRUTH ABOUT LIFE", "IS LIFE OVERRATED?"],
  },
  // Vlogs.
  {
    keywords: "weekly vlog, moving to a new apartment",
    niche: "vlog",
    expected: ["MOVING TO A NEW APARTMENT", "I MOVED TO AN APARTMENT"],
    forbidden: ["I MOVED TO A APARTMENT", "I TRIED WEEKLY VLOG"],
  },
  {
    keywords: "how I lost 20 pounds",
    niche: "fitness",
    expected: ["HOW I LOST 20 POUNDS", "I LOST 20 POUNDS"],
    forbidden: ["20 HOW POUNDS", "THE TRUTH ABOUT HOW LOST"],
  },
  {
    keywords: "what's in my camera bag",
    niche: "vlog",
    expected: ["WHAT'S IN MY CAMERA BAG", "MY CAMERA BAG"],
    forbidden: ["I TRIED CAMERA BAG", "WHAT'S IN MY CAMERA BAG?"],
  },
  {
    keywords: "i spent 24 hours in a forest",
    niche: "vlog",
    expected: ["24 HOURS IN A FOREST", "I SPENT 24 HOURS"],
    forbidden: ["24 HOURS OF FOREST", "I SPENT 24 HOURS IN A"],
  },
  {
    keywords: "why i left youtube",
    niche: "vlog",
    expected: ["WHY I LEFT YOUTUBE", "I LEFT YOUTUBE"],
    forbidden: ["LEFTING YOUTUBE: WORTH IT?", "I LEFTED YOUTUBE"],
  },
  {
    keywords: "top 5 budget cameras",
    niche: "tech",
    expected: ["TOP 5 BUDGET CAMERAS"],
    forbidden: ["I TOPPED 5 BUDGET CAMERAS", "5 TOP BUDGET CAMERAS"],
  },
  {
    keywords: "full body workout at home",
    niche: "fitness",
    expected: ["MY FULL BODY WORKOUT", "FULL BODY WORKOUT AT HOME"],
    forbidden: ["I TRIED A BODY WORKOUT", "MY BODY WORKOUT"],
  },
  {
    keywords: "renting vs buying a house",
    niche: "money",
    expected: ["RENTING VS BUYING A HOUSE", "RENTING OR BUYING?"],
    forbidden: ["BUYING BEATS RENTING?", "I TRIED RENTING"],
  },
];
