package llm_test

import "github.com/bestchat/bestchat/internal/llm"

// corpusTranscripts says what every file of testdata/corpus means: the
// answer's text and reasoning (long ones by start, length and end), the
// tool calls, the usage by kind, the finish reason, or the error's kind,
// status and code.
var corpusTranscripts = []transcript{
	{
		file: "openai/text-weather.sse",
		want: meaning{
			Text:   "I'm unable to provide real-time weather updates. To get the current weather in San Francisco, I recommend checking a reliable weather website or a weather app.",
			Usage:  &llm.Usage{InputTokens: 14, OutputTokens: 30},
			Finish: llm.FinishStop,
		},
	},
	{
		file: "openai/json-content.sse",
		want: meaning{
			Text:   "{\"city\":\"San Francisco\",\"temperature\":61,\"units\":\"f\"}",
			Usage:  &llm.Usage{InputTokens: 79, OutputTokens: 14},
			Finish: llm.FinishStop,
		},
	},
	{
		file: "openai/json-three-choices.sse",
		want: meaning{
			Text:   "{\"city\":\"San Francisco\",\"temperature\":65,\"units\":\"f\"}",
			Usage:  &llm.Usage{InputTokens: 79, OutputTokens: 42},
			Finish: llm.FinishStop,
		},
	},
	{
		file: "openai/max-tokens-reached.sse",
		want: meaning{
			Text:   "{\"",
			Usage:  &llm.Usage{InputTokens: 79, OutputTokens: 1},
			Finish: llm.FinishLength,
		},
	},
	{
		file: "openai/refusal.sse",
		want: meaning{
			RefusalText: "I'm sorry, I can't assist with that request.",
			Usage:       &llm.Usage{InputTokens: 79, OutputTokens: 11},
			Finish:      llm.FinishContentFilter,
			Refusal:     "refusal",
		},
	},
	{
		file: "openai/content-logprobs.sse",
		want: meaning{
			Text:   "Foo!",
			Usage:  &llm.Usage{InputTokens: 9, OutputTokens: 2},
			Finish: llm.FinishStop,
		},
	},
	{
		file: "openai/refusal-logprobs.sse",
		want: meaning{
			RefusalText: "I'm very sorry, but I can't assist with that.",
			Usage:       &llm.Usage{InputTokens: 79, OutputTokens: 12},
			Finish:      llm.FinishContentFilter,
			Refusal:     "refusal",
		},
	},
	{
		file: "openai/tool-call.sse",
		want: meaning{
			Tools: []string{
				"call_c91SqDXlYFuETYv8mUHzz6pp GetWeatherArgs {\"city\":\"Edinburgh\",\"country\":\"UK\",\"units\":\"c\"}",
			},
			Usage:  &llm.Usage{InputTokens: 76, OutputTokens: 24},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file: "openai/parallel-tool-calls.sse",
		want: meaning{
			Tools: []string{
				"call_JMW1whyEaYG438VE1OIflxA2 GetWeatherArgs {\"city\": \"Edinburgh\", \"country\": \"GB\", \"units\": \"c\"}",
				"call_DNYTawLBoN8fj3KN6qU9N1Ou get_stock_price {\"ticker\": \"AAPL\", \"exchange\": \"NASDAQ\"}",
			},
			Usage:  &llm.Usage{InputTokens: 149, OutputTokens: 60},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file: "openai/strict-tool-call.sse",
		want: meaning{
			Tools: []string{
				"call_CTf1nWJLqSeRgDqaCG27xZ74 get_weather {\"city\":\"San Francisco\",\"state\":\"CA\"}",
			},
			Usage:  &llm.Usage{InputTokens: 48, OutputTokens: 19},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file: "openai/three-choices-text.sse",
		want: meaning{
			Text:   "\n  {\n    \"location\": \"San Francisco, CA\",\n    \"weather\": {\n …(615 bytes)…\": \"Cloudy\"\n      }\n    ]\n  }\n",
			Usage:  &llm.Usage{InputTokens: 19, OutputTokens: 177},
			Finish: llm.FinishStop,
		},
	},
	{
		file: "openai/non-strict-tool-call.sse",
		want: meaning{
			Tools: []string{
				"call_4XzlGBLtUe9dy3GVNV4jhq7h get_weather {\"city\":\"New York City\"}",
			},
			Usage:  &llm.Usage{InputTokens: 44, OutputTokens: 16},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file: "openai/gpt-text.sse",
		want: meaning{
			Text:   "**Holiday Name:** Harmony Day\n\n**Date:** Celebrated annually…(1730 bytes)…xperiences and mutual respect.",
			Usage:  &llm.Usage{InputTokens: 16, OutputTokens: 300},
			Finish: llm.FinishStop,
		},
	},
	{
		file: "azure/model-router.sse",
		want: meaning{
			Text:   "Capital of Denmark.",
			Usage:  &llm.Usage{InputTokens: 15, OutputTokens: 78, ReasoningTokens: 64},
			Finish: llm.FinishStop,
		},
	},
	{
		file: "anthropic/openai-compat-tool-call.sse",
		want: meaning{
			Text: "Reading it.",
			Tools: []string{
				"toolu_sanitized read_file {\"path\": \"a.txt\"}",
			},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file: "deepseek/reasoning.sse",
		want: meaning{
			Text:      "The word \"strawberry\" contains three \"r\"s.",
			Reasoning: "We need to count the number of the letter \"r\" in the word \"s…(606 bytes)…es, 3.\n\nThus, the answer is 3.",
			Usage:     &llm.Usage{InputTokens: 18, OutputTokens: 219, ReasoningTokens: 205},
			Finish:    llm.FinishStop,
		},
	},
	{
		file: "groq/reasoning.sse",
		want: meaning{
			Text:      "The word **\"strawberry\"** is spelled as **S-T-R-A-W-B-E-R-R-…(347 bytes)…\n**Final Answer**: $\\boxed{3}$",
			Reasoning: "Okay, let me try to figure out how many times the letter 'r'…(2972 bytes)…R's in \"strawberry\" is three.\n",
			Usage:     &llm.Usage{InputTokens: 17, OutputTokens: 1107, ReasoningTokens: 963},
			Finish:    llm.FinishStop,
		},
	},
	{
		file: "qwen/reasoning.sse",
		want: meaning{
			Text:      "The word **\"strawberry\"** contains **3** instances of the le…(842 bytes)…returns `3`).  \n\n**Answer: 3**",
			Reasoning: "We are asked: \"How many 'r's are in the word 'strawberry'?\" …(3301 bytes)… 3.\n\nYes.\n\nSo final answer: 3.",
			Usage:     &llm.Usage{InputTokens: 24, OutputTokens: 1355, ReasoningTokens: 1084},
			Finish:    llm.FinishStop,
		},
	},
	{
		file: "deepseek/text.sse",
		want: meaning{
			Text:   "## **Holiday Name:** Starlight Remembrance\n\n**Date:** The Sa…(1859 bytes)…5 minutes of silent looking at",
			Usage:  &llm.Usage{InputTokens: 13, OutputTokens: 400},
			Finish: llm.FinishLength,
		},
	},
	{
		file: "groq/text.sse",
		want: meaning{
			Text:   "Introducing \"Luminaria\" - a new holiday that celebrates the …(3189 bytes)…iation for the magic of light.",
			Usage:  &llm.Usage{InputTokens: 45, OutputTokens: 662},
			Finish: llm.FinishStop,
		},
	},
	{
		file: "qwen/text.sse",
		want: meaning{
			Text:   "## The Festival of Shared Stories: \"Taleweave Day\"\n\n**When:*…(3777 bytes)…ters. We are woven together.\"*",
			Usage:  &llm.Usage{InputTokens: 18, OutputTokens: 779},
			Finish: llm.FinishStop,
		},
	},
	{
		file: "deepseek/tool-call.sse",
		want: meaning{
			Reasoning: "The user is asking for the weather in San Francisco. I need …(191 bytes)…ameter set to \"San Francisco\".",
			Tools: []string{
				"call_00_ioIn7yN9p1ZOMNpDLwd4MgAF weather {\"location\": \"San Francisco\"}",
			},
			Usage:  &llm.Usage{InputTokens: 19, OutputTokens: 83, CacheReadTokens: 320, ReasoningTokens: 39},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file: "groq/tool-call.sse",
		want: meaning{
			Tools: []string{
				"tk85n1k4m weather {}",
			},
			Usage:  &llm.Usage{InputTokens: 210, OutputTokens: 15},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file: "qwen/tool-call.sse",
		want: meaning{
			Tools: []string{
				"call_eee11723464a4b9eb8cee71d weather {\"location\": \"San Francisco\"}",
			},
			Usage:  &llm.Usage{InputTokens: 295, OutputTokens: 22},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file: "mistral/incremental-tool-call.sse",
		want: meaning{
			Tools: []string{
				"chatcmpl-tool-9f149c74c42f265b webSearchTool {\"query\": \"current Berlin weather\"}",
			},
			Usage:  &llm.Usage{InputTokens: 43, OutputTokens: 14, CacheReadTokens: 128},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file: "mistral/text.sse",
		want: meaning{
			Text:   "Hello, world! This is a test response.",
			Usage:  &llm.Usage{InputTokens: 13, OutputTokens: 8},
			Finish: llm.FinishStop,
		},
	},
	{
		file: "mistral/tool-call.sse",
		want: meaning{
			Tools: []string{
				"gSIMJiOkT weather {\"location\": \"San Francisco\"}",
			},
			Usage:  &llm.Usage{InputTokens: 124, OutputTokens: 22},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file: "kimi/reasoning.sse",
		want: meaning{
			Text:      "Hello!",
			Reasoning: "Thinking aloud. ",
			Usage:     &llm.Usage{InputTokens: 9, OutputTokens: 12, ReasoningTokens: 7},
			Finish:    llm.FinishStop,
		},
	},
	{
		file:   "kimi/exceeded-model-token-limit.json",
		status: 400,
		want: meaning{
			Err: "context_window_exceeded 400 invalid_request_error",
		},
	},
	{
		file: "perplexity/citations.sse",
		want: meaning{
			Text:  "The current population of **[2][3]",
			Cites: 7,
			Sources: []string{
				"https://populationstat.com/united-states/san-francisco",
				"https://en.wikipedia.org/wiki/San_Francisco",
				"https://fred.stlouisfed.org/graph/?g=4K5j",
				"https://www.california-demographics.com/cities_by_population",
				"https://worldpopulationreview.com/us-cities/california/san-francisco",
				"https://worldpopulationreview.com/us-counties/california/san-francisco-county",
				"https://www.worldometers.info/world-population/us-population/",
			},
			Usage:  &llm.Usage{InputTokens: 10, OutputTokens: 336},
			Finish: llm.FinishStop,
		},
	},
	{
		file: "perplexity/text.sse",
		want: meaning{
			Text:  "**EcoVista Day**[1][5]",
			Cites: 5,
			Sources: []string{
				"https://www.modernchristmastrees.com/innovative-approaches-holiday-decor-modern-interior-design/",
				"https://camillestyles.com/design/modern-christmas-decorating-ideas/",
				"https://www.elledecor.com/design-decorate/interior-designers/advice/g2833/christmas-decorating-ideas/",
				"https://www.youtube.com/watch?v=GVxMMHAwzIU",
				"https://www.jjonesdesignco.com/blogs/modern-industrial-christmas-decor-joshuas-must-have-holiday-picks",
			},
			Usage:  &llm.Usage{InputTokens: 11, OutputTokens: 434},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/vercel-text.sse",
		anthropic: true,
		want: meaning{
			Text:   "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?",
			Usage:  &llm.Usage{InputTokens: 12, OutputTokens: 30},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/vercel-refusal.sse",
		anthropic: true,
		want: meaning{
			Usage:   &llm.Usage{InputTokens: 18, OutputTokens: 5},
			Finish:  llm.FinishContentFilter,
			Refusal: "cyber: This request triggered restrictions on violative cyber content and was blocked under Anthropic's Usage Policy.",
		},
	},
	{
		file:      "anthropic/vercel-tool-no-args.sse",
		anthropic: true,
		want: meaning{
			Text: "I'll update the issue list for you.",
			Tools: []string{
				"toolu_01QE1WLsSVp5hy5Q3GmGTmjP updateIssueList {}",
			},
			Usage:  &llm.Usage{InputTokens: 565, OutputTokens: 48},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file:      "anthropic/vercel-message-delta-input-tokens.sse",
		anthropic: true,
		want: meaning{
			Text:   "pong",
			Usage:  &llm.Usage{InputTokens: 61, OutputTokens: 2},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/vercel-json-tool.sse",
		anthropic: true,
		want: meaning{
			Tools: []string{
				"toolu_01KFbKqPYSuAKujiL6mTfzYA json {\"elements\": [{\"location\": \"San Francisco\", \"temperature\": 58, \"condition\": \"sunny\"}]}",
			},
			Usage:  &llm.Usage{InputTokens: 849, OutputTokens: 47},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file:      "anthropic/vercel-json-tool.2.sse",
		anthropic: true,
		want: meaning{
			Text: "I'll invoke the JSON response tool.",
			Tools: []string{
				"toolu_01KFbKqPYSuAKujiL6mTfzYA json {\"elements\": [{\"location\": \"San Francisco\", \"temperature\": 58, \"condition\": \"sunny\"}]}",
			},
			Usage:  &llm.Usage{InputTokens: 849, OutputTokens: 47},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file:      "anthropic/vercel-json-other-tool.sse",
		anthropic: true,
		want: meaning{
			Tools: []string{
				"toolu_019Zvehfe1XQWweT1pm7okyt weather {\"location\": \"San Francisco\"}",
			},
			Usage:  &llm.Usage{InputTokens: 843, OutputTokens: 28},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file:      "anthropic/vercel-mcp.sse",
		anthropic: true,
		want: meaning{
			Text:   "The echo tool responded back with: **hello world**\n\nIt simply echoed back the exact message that was sent to it.",
			Usage:  &llm.Usage{InputTokens: 1250, OutputTokens: 83},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/vercel-fallback.sse",
		anthropic: true,
		want: meaning{
			Text:   "The printing press was invented by Johannes Gutenberg around 1440.",
			Usage:  &llm.Usage{InputTokens: 820, OutputTokens: 264},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/vercel-advisor-stop-reasons.sse",
		anthropic: true,
		want: meaning{
			Usage:  &llm.Usage{InputTokens: 10, OutputTokens: 20},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/vercel-clear-thinking.sse",
		anthropic: true,
		want: meaning{
			Text:      "925 ÷ 5 = 185",
			Reasoning: "The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185",
			Signed:    1,
			Usage:     &llm.Usage{InputTokens: 69, OutputTokens: 53},
			Finish:    llm.FinishStop,
		},
	},
	{
		file:      "anthropic/vercel-clear-tool-uses.sse",
		anthropic: true,
		want: meaning{
			Text:   "\n\nHere's a comparison of the weather in both cities:\n\n**San …(444 bytes)…s the better choice right now.",
			Usage:  &llm.Usage{InputTokens: 859, OutputTokens: 122},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/vercel-web-search-tool.sse",
		anthropic: true,
		want: meaning{
			Text:  "Based on my search results, here are the key tech news devel…(2402 bytes)…nternational retail expansion.",
			Cites: 14,
			Sources: []string{
				"https://www.apple.com/newsroom/2025/09/the-all-new-apple-ginza-opens-this-friday-september-26-in-tokyo/",
				"https://future.forem.com/junyu_fang_a216509a97501d/fang-junyus-technology-weekly-september-26-2025-2ndd",
				"https://future.forem.com/om_shree_0709/major-tech-news-september-25-2025-5h38",
				"https://9to5mac.com/2025/09/22/ios-26-1-beta-1/",
			},
			Usage:  &llm.Usage{InputTokens: 15665, OutputTokens: 795, WebSearchRequests: 1},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/vercel-web-fetch-tool.sse",
		anthropic: true,
		want: meaning{
			Text:   "I'll fetch the content from that Wikipedia page to tell you …(1666 bytes)…ubmerged by rising sea levels.",
			Usage:  &llm.Usage{InputTokens: 4230, OutputTokens: 446},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/vercel-code-execution-20260120-prompt-cache.sse",
		anthropic: true,
		want: meaning{
			Text:   "The sum of the squares of the numbers 1 through 12 is **650**.",
			Usage:  &llm.Usage{InputTokens: 6, OutputTokens: 198, CacheReadTokens: 6289, CacheWriteTokens: 3337},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/vercel-tool-search-bm25.sse",
		anthropic: true,
		want: meaning{
			Text: "I'll search for a weather-related tool to help you get the w…(177 bytes)…ent weather for San Francisco.",
			Tools: []string{
				"toolu_019nRrfqqXcU5NPTUSYfEMAY get_weather {\"location\": \"San Francisco, CA\"}",
			},
			Usage:  &llm.Usage{InputTokens: 1630, OutputTokens: 158},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file:      "anthropic/vercel-json-output-format.sse",
		anthropic: true,
		want: meaning{
			Text:   "{\"characters\":[{\"name\":\"Theron Ironheart\",\"class\":\"warrior\",…(1267 bytes)…who deserves to be robbed.\"}]}",
			Usage:  &llm.Usage{InputTokens: 313, OutputTokens: 305},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/vercel-combined-context-editing.sse",
		anthropic: true,
		want: meaning{
			Text:      "# 25 × 37\n\nLet me break this down step by step:\n\n## Method:…(377 bytes)…**\n\n**Answer: 25 × 37 = 925**",
			Reasoning: "I need to calculate 25 * 37 step by step.\n\nLet me break this…(566 bytes)…----\n  925\n\nYes, 25 * 37 = 925",
			Signed:    1,
			Usage:     &llm.Usage{InputTokens: 50, OutputTokens: 485},
			Finish:    llm.FinishStop,
		},
	},
	{
		file:      "anthropic/sdk-compaction.sse",
		anthropic: true,
		want: meaning{
			Text:   "Hello there!",
			Usage:  &llm.Usage{InputTokens: 30, OutputTokens: 8},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/sdk-fallback-credit.sse",
		anthropic: true,
		want: meaning{
			Text:   "Hello there!",
			Usage:  &llm.Usage{InputTokens: 25, OutputTokens: 8},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/sdk-fallback.sse",
		anthropic: true,
		want: meaning{
			Text:   "Hello there!",
			Usage:  &llm.Usage{InputTokens: 25, OutputTokens: 8},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/sdk-refusal.sse",
		anthropic: true,
		want: meaning{
			Usage:   &llm.Usage{InputTokens: 20},
			Finish:  llm.FinishContentFilter,
			Refusal: "cyber: This request was refused due to policy.",
		},
	},
	{
		file:      "anthropic/sdk-fable-stream-a-refusal.sse",
		anthropic: true,
		want: meaning{
			Text:      "Hi",
			Reasoning: "Simple educational question about what a solar eclipse is. T…(216 bytes)…or just roll with it politely.",
			Signed:    1,
			Usage:     &llm.Usage{InputTokens: 28, OutputTokens: 106, ReasoningTokens: 67},
			Finish:    llm.FinishContentFilter,
			Refusal:   "refusal",
		},
	},
	{
		file:      "anthropic/sdk-fable-stream-a-toolrefusal.sse",
		anthropic: true,
		want: meaning{
			Text:    "Here's a summary of this year's solar eclipses and how",
			Usage:   &llm.Usage{InputTokens: 612, OutputTokens: 106, ReasoningTokens: 67},
			Finish:  llm.FinishContentFilter,
			Refusal: "refusal",
		},
	},
	{
		file:      "anthropic/sdk-fable-stream-b-fallback.sse",
		anthropic: true,
		want: meaning{
			Text:   " there! Happy to explain.\n\n**Solar eclipses** happen when th…(1312 bytes)…what's sparking your interest!",
			Usage:  &llm.Usage{InputTokens: 31, OutputTokens: 547},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/sdk-go-fallback-end.sse",
		anthropic: true,
		want: meaning{
			Text:   " there! Happy to help with that.",
			Usage:  &llm.Usage{InputTokens: 31, OutputTokens: 547},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/sdk-go-fallback-tooluse.sse",
		anthropic: true,
		want: meaning{
			Tools: []string{
				"toolu_echo_1 echo {\"text\": \"hello\"}",
			},
			Usage:  &llm.Usage{InputTokens: 31, OutputTokens: 40},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file:      "anthropic/sdk-go-refusal.sse",
		anthropic: true,
		want: meaning{
			Text:      "Hi",
			Reasoning: "Simple educational question. Benign.",
			Signed:    1,
			Usage:     &llm.Usage{InputTokens: 28, OutputTokens: 106, ReasoningTokens: 67},
			Finish:    llm.FinishContentFilter,
			Refusal:   "refusal",
		},
	},
	{
		file:   "openai/unsupported-parameter.json",
		status: 400,
		want: meaning{
			Err: "bad_request 400 unsupported_parameter",
		},
	},
	{
		file:   "openai/temperature-unsupported.json",
		status: 400,
		want: meaning{
			Err: "bad_request 400 invalid_request_error",
		},
	},
	{
		file:   "openai/unknown-parameter.json",
		status: 400,
		want: meaning{
			Err: "bad_request 400 unknown_parameter",
		},
	},
	{
		file:   "openai/context-window.json",
		status: 400,
		want: meaning{
			Err: "context_window_exceeded 400 context_length_exceeded",
		},
	},
	{
		file:   "openai/request-too-large-tpm.json",
		status: 429,
		want: meaning{
			Err: "quota 429 rate_limit_exceeded",
		},
	},
	{
		file:   "azure/content-filter.json",
		status: 400,
		want: meaning{
			Err: "content_filtered 400 content_filter",
		},
	},
	{
		file:   "google/quota-retry-info.json",
		status: 429,
		want: meaning{
			Err: "retryable 429 RESOURCE_EXHAUSTED retry-after 34.4s",
		},
	},
	{
		file:   "google/input-token-count.json",
		status: 400,
		want: meaning{
			Err: "context_window_exceeded 400 INVALID_ARGUMENT",
		},
	},
	{
		file: "google/openai-compat-hidden-thinking.sse",
		want: meaning{
			Text:   "4",
			Usage:  &llm.Usage{InputTokens: 8, OutputTokens: 112, ReasoningTokens: 111},
			Finish: llm.FinishStop,
		},
	},
	{
		// Gemini 3's thought signature rides on the first of parallel
		// calls and is kept with it, byte for byte, to be sent back.
		file: "google/openai-compat-thought-signature.sse",
		want: meaning{
			Tools: []string{
				`function-call-1 get_weather {"location":"Paris"} state {"google":{"thought_signature":"CiQBjz1rX2dlbWluaS0zLXNpZ25hdHVyZS1vbi10aGUtZmlyc3QtY2FsbA=="}}`,
				`function-call-2 get_weather {"location":"London"}`,
			},
			Usage:  &llm.Usage{InputTokens: 52, OutputTokens: 128, ReasoningTokens: 88},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file:   "groq/reduce-length.json",
		status: 400,
		want: meaning{
			Err: "context_window_exceeded 400 context_length_exceeded",
		},
	},
	{
		file: "groq/tool-use-failed-stream.sse",
		want: meaning{
			Err: "bad_request 400 tool_use_failed mid-stream",
		},
	},
	{
		file:   "mistral/too-large-for-model.json",
		status: 400,
		want: meaning{
			Err: "context_window_exceeded 400 ",
		},
	},
	{
		file: "mistral/reasoning.sse",
		want: meaning{
			Text:      "2 + 2 = 4",
			Reasoning: "The user is asking for 2+2. This is basic arithmetic. 2+2=4.",
			Usage:     &llm.Usage{InputTokens: 10, OutputTokens: 46},
			Finish:    llm.FinishStop,
		},
	},
	{
		file:   "minimax/context-window-exceeds-limit.json",
		status: 400,
		want: meaning{
			Err: "context_window_exceeded 400 2013",
		},
	},
	{
		file:   "cerebras/overflow-no-body.json",
		status: 400,
		want: meaning{
			Err: "bad_request 400 ",
		},
	},
	{
		file: "llamacpp/stream-error-data.sse",
		want: meaning{
			Err: "retryable 500 server_error mid-stream",
		},
	},
	{
		file:   "llamacpp/not-found.json",
		status: 404,
		want: meaning{
			Err: "bad_request 404 not_found_error",
		},
	},
	{
		file:   "llamacpp/unavailable-loading.json",
		status: 503,
		want: meaning{
			Err: "retryable 503 unavailable_error",
		},
	},
	{
		file:   "llamacpp/invalid-api-key.json",
		status: 401,
		want: meaning{
			Err: "auth 401 authentication_error",
		},
	},
	{
		file:   "llamacpp/exceed-context-size.json",
		status: 400,
		want: meaning{
			Err: "context_window_exceeded 400 exceed_context_size_error",
		},
	},
	{
		file: "llamacpp/stream-error-field.sse",
		want: meaning{
			Err: "context_window_exceeded 400 exceed_context_size_error mid-stream",
		},
	},
	{
		file:   "ollama/model-not-found.json",
		status: 404,
		want: meaning{
			Err: "bad_request 404 not_found_error",
		},
	},
	{
		file:   "ollama/native-not-found.json",
		status: 404,
		want: meaning{
			Err: "bad_request 404 ",
		},
	},
	{
		file:      "anthropic/overloaded.json",
		anthropic: true,
		status:    529,
		want: meaning{
			Err: "retryable 529 overloaded_error",
		},
	},
	{
		file:      "anthropic/stream-overloaded.sse",
		anthropic: true,
		want: meaning{
			Err: "retryable 529 overloaded_error mid-stream",
		},
	},
	{
		file:      "anthropic/prompt-too-long.json",
		anthropic: true,
		status:    400,
		want: meaning{
			Err: "context_window_exceeded 400 invalid_request_error",
		},
	},
	{
		file:      "anthropic/authentication.json",
		anthropic: true,
		status:    401,
		want: meaning{
			Err: "auth 401 authentication_error",
		},
	},
	{
		file:      "anthropic/rate-limit.json",
		anthropic: true,
		status:    429,
		header:    map[string]string{"Retry-After": "20"},
		want: meaning{
			Err: "retryable 429 rate_limit_error retry-after 20s",
		},
	},
	{
		file:      "anthropic/billing.json",
		anthropic: true,
		status:    400,
		want: meaning{
			Err: "quota 400 invalid_request_error",
		},
	},
	{
		file:      "anthropic/api-error.json",
		anthropic: true,
		status:    500,
		want: meaning{
			Err: "retryable 500 api_error",
		},
	},
	{
		file:      "anthropic/sdk-basic.sse",
		anthropic: true,
		want: meaning{
			Text:   "Hello there!",
			Usage:  &llm.Usage{InputTokens: 11, OutputTokens: 6},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/sdk-incomplete-partial-json.sse",
		anthropic: true,
		want: meaning{
			Text:   "I'll create a comprehensive tax guide for someone with multiple W2s and save it in a file called taxes.txt. Let me do that for you now.",
			Usage:  &llm.Usage{InputTokens: 450, OutputTokens: 124},
			Finish: llm.FinishLength,
		},
	},
	{
		file:      "anthropic/sdk-tool-use.sse",
		anthropic: true,
		want: meaning{
			Text: "I'll check the current weather in Paris for you.",
			Tools: []string{
				"toolu_01NRLabsLyVHZPKxbKvkfSMn get_weather {\"location\": \"Paris\"}",
			},
			Usage:  &llm.Usage{InputTokens: 377, OutputTokens: 65},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file:      "anthropic/vercel-cache-1h.sse",
		anthropic: true,
		want: meaning{
			Text:   "Hello",
			Usage:  &llm.Usage{InputTokens: 17, OutputTokens: 227, CacheReadTokens: 5, CacheWriteTokens: 10, CacheWrite1hTokens: 10},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/vercel-code-execution-20250825.sse",
		anthropic: true,
		want: meaning{
			Text:   "I'll create a Python script to calculate Fibonacci numbers a…(795 bytes)…1, 2, 3, 5, 8, 13, 21, 34, ...",
			Usage:  &llm.Usage{InputTokens: 8050, OutputTokens: 771},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/vercel-programmatic-tool-calling.sse",
		anthropic: true,
		want: meaning{
			Text: "I'll help you simulate this game between two players where one is using a loaded die. Let me play out the game round by round until one player wins 3 rounds.",
			Tools: []string{
				"toolu_019jKkXz4jAdwHweHBw92CVY rollDie {\"player\":\"player1\"}",
			},
			Usage:  &llm.Usage{InputTokens: 3369, OutputTokens: 725},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file:      "anthropic/vercel-tool-search-regex.sse",
		anthropic: true,
		want: meaning{
			Text: "Great! I found a weather tool. Let me get the current weather data for San Francisco.",
			Tools: []string{
				"toolu_01UmPwkecewaEpMupy2ywk8b get_temp_data {\"location\": \"San Francisco, CA\"}",
			},
			Usage:  &llm.Usage{InputTokens: 1681, OutputTokens: 163},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file:      "anthropic/vercel-tool-search-deferred-bm25.sse",
		anthropic: true,
		want: meaning{
			Text: "I'll help you with this task. Let me start by reading the note tree to see the current structure, and then search for the right tools to add a bullet point.",
			Tools: []string{
				"toolu_01U8pzAHj2vNdPCA2Kf8JjeN readNoteTree {\"noteId\": \"d10aa585-982b-4bd9-984e-420f9b3717f7\"}",
			},
			Usage:  &llm.Usage{InputTokens: 879, OutputTokens: 177},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file:      "anthropic/vercel-tool-search-deferred-regex.sse",
		anthropic: true,
		want: meaning{
			Text: "I'll help you with this task. Let me start by reading the note tree to see the current structure, and then search for the appropriate tools to add a bullet.",
			Tools: []string{
				"toolu_01WPkY6CkyJnFsaCqY7SZ9FX readNoteTree {\"noteId\": \"d10aa585-982b-4bd9-984e-420f9b3717f7\"}",
			},
			Usage:  &llm.Usage{InputTokens: 904, OutputTokens: 175},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file:      "anthropic/vercel-web-fetch-tool-20260209.sse",
		anthropic: true,
		want: meaning{
			Text:   "The page at **example.com** is a simple placeholder page exp…(194 bytes)…prior permission to reference.",
			Usage:  &llm.Usage{InputTokens: 7172, OutputTokens: 144},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/vercel-code-execution-file-upload.sse",
		anthropic: true,
		want: meaning{
			Text:   "I'll analyze the CSV data for you. Let me start by viewing t…(1028 bytes)…throughout the 6-month period!",
			Usage:  &llm.Usage{InputTokens: 11505, OutputTokens: 1103},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/vercel-advisor-20250301.sse",
		anthropic: true,
		want: meaning{
			Text:   "# Concurrent Worker Pool in Go — Design & Implementation\n\n…(12220 bytes)… concurrent Submit + Stop.\n```",
			Usage:  &llm.Usage{InputTokens: 7455, OutputTokens: 7271},
			Finish: llm.FinishStop,
		},
	},
	{
		file:      "anthropic/vercel-compaction.sse",
		anthropic: true,
		want: meaning{
			Text:   "Based on the conversation history, you asked me to summarize…(8581 bytes)…lem, or cover another section?",
			Usage:  &llm.Usage{InputTokens: 60997, OutputTokens: 3341},
			Finish: llm.FinishStop,
		},
	},
	{
		file:   "openrouter/maximum-context-length.json",
		status: 400,
		want: meaning{
			Err: "context_window_exceeded 400 ",
		},
	},
	{
		file:   "openrouter/moderation-403.json",
		status: 403,
		want: meaning{
			Err: "content_filtered 403 ",
		},
	},
	{
		// The web plugin (":online") searches once per request; this
		// usage, like the plugin's documentation, does not count it.
		file:  "openrouter/web-annotations.sse",
		model: "openai/gpt-4o:online",
		want: meaning{
			Text:    "Go 1.26 was released in February 2026.",
			Cites:   1,
			Sources: []string{"https://go.dev/doc/go1.26"},
			Usage:   &llm.Usage{InputTokens: 90, OutputTokens: 12, WebSearchRequests: 1, ProviderCostNanos: 20310000, ProviderCostKnown: true},
			Finish:  llm.FinishStop,
		},
	},
	{
		// Recorded: OpenRouter counts the searches in
		// usage.server_tool_use_details, after ": OPENROUTER PROCESSING"
		// comments.
		file:  "openrouter/web-search-native.sse",
		model: "openai/gpt-4.1-mini",
		want: meaning{
			Text:   "https://github.com/pydantic/pydantic-ai ",
			Usage:  &llm.Usage{InputTokens: 8174, OutputTokens: 30, WebSearchRequests: 1, ProviderCostNanos: 13_317_600, ProviderCostKnown: true},
			Finish: llm.FinishStop,
		},
	},
	{
		file:  "openrouter/web-search-exa.sse",
		model: "deepseek/deepseek-chat",
		want: meaning{
			Text:  "The URL for Pydantic AI's GitHub repository is:  \n\nhttps://github.com/pydantic/pydantic-ai",
			Cites: 5,
			Sources: []string{
				"https://github.com/pydantic/pydantic-ai", "https://pydantic.dev/pydantic-ai",
				"https://github.com/pydantic/pydantic-ai/releases/tag/v2.0.0", "https://pydantic.dev/docs/ai/overview/",
				"https://github.com/pydantic/pydantic-ai/tree/refs/tags/v1.44.0",
			},
			Usage:  &llm.Usage{InputTokens: 2317, OutputTokens: 53, WebSearchRequests: 1, ProviderCostNanos: 7_650_917, ProviderCostKnown: true},
			Finish: llm.FinishStop,
		},
	},
	{
		file: "openrouter/reasoning-details-tools.sse",
		want: meaning{
			Text:      "Let me check the weather.",
			Reasoning: "The user wants the weather in Paris; I will call the tool.",
			States: []string{`[{"format":"anthropic-claude-v1","index":0,"signature":"EqQBCkgIBxABGAIqQJmRmC1zaWduYXR1cmU=","text":"The user wants the weather in Paris; I will call the tool.","type":"reasoning.text"},` +
				`{"data":"RXJyb3IgZW5jcnlwdGVkIHRoaW5raW5n","format":"anthropic-claude-v1","index":1,"type":"reasoning.encrypted"}]`},
			Tools:  []string{`toolu_01A09q90qw90lq917835lq9 get_weather {"location": "Paris"}`},
			Usage:  &llm.Usage{InputTokens: 412, OutputTokens: 96, ReasoningTokens: 41, ProviderCostNanos: 2676000, ProviderCostKnown: true},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file: "openrouter/mid-stream-error.sse",
		want: meaning{
			Text: "Partial",
			Err:  "retryable 500 server_error mid-stream",
		},
	},
	{
		file:   "openrouter/guardrail-403.json",
		status: 403,
		want: meaning{
			Err: "content_filtered 403 ",
		},
	},
	{
		file:   "openrouter/key-limit-403.json",
		status: 403,
		want: meaning{
			Err: "quota 403 ",
		},
	},
	{
		file: "openrouter/provider-error-after-finish.sse",
		want: meaning{
			Text:   "The answer is cut here",
			Usage:  &llm.Usage{InputTokens: 1200, OutputTokens: 16, ProviderCostNanos: 3800000, ProviderCostKnown: true},
			Finish: llm.FinishLength,
		},
	},
	{
		// Recorded: the error chunk after finish "length" carries the
		// usage; the answer is whole (reasoning only, cut by the limit).
		// The report counts more reasoning than output, as it came (the
		// engine bills such a report as all reasoning).
		file: "openrouter/error-after-length.sse",
		want: meaning{
			Reasoning: "We need to respond to a greeting. The user",
			States:    []string{`[{"format":null,"index":0,"text":"We need to respond to a greeting. The user","type":"reasoning.text"}]`},
			Usage:     &llm.Usage{InputTokens: 43, OutputTokens: 10, ReasoningTokens: 11, ProviderCostKnown: true},
			Finish:    llm.FinishLength,
		},
	},
	{
		file:   "xai/maximum-prompt-length.json",
		status: 400,
		want: meaning{
			Err: "context_window_exceeded 400 ",
		},
	},
	{
		file: "xai/grok-3-mini-text.sse",
		want: meaning{
			Text:      "Hello",
			Reasoning: "First, the user said",
			Usage:     &llm.Usage{InputTokens: 1, OutputTokens: 291, CacheReadTokens: 11, ReasoningTokens: 290, ProviderCostNanos: 146625, ProviderCostKnown: true},
			Finish:    llm.FinishStop,
		},
	},
	{
		file: "xai/grok-tool-call.sse",
		want: meaning{
			Reasoning: "First, the user is",
			Tools: []string{
				"call_55117580 weather {\"location\":\"San Francisco\"}",
			},
			Usage:  &llm.Usage{InputTokens: 1, OutputTokens: 222, CacheReadTokens: 290, ReasoningTokens: 196, ProviderCostNanos: 133050, ProviderCostKnown: true},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file: "xai/grok-3-mini-text-2.sse",
		want: meaning{
			Text:      "Grok",
			Reasoning: "First, the user said: \"Say a single word.\" That's straightfo…(1463 bytes)…just the word.\n\nResponse: Grok",
			Usage:     &llm.Usage{InputTokens: 1, OutputTokens: 342, CacheReadTokens: 11, ReasoningTokens: 340, ProviderCostNanos: 172125, ProviderCostKnown: true},
			Finish:    llm.FinishStop,
		},
	},
	{
		file: "xai/grok-tool-call-2.sse",
		want: meaning{
			Reasoning: "First, the user is asking about the weather in San Francisco…(1069 bytes)…this is the logical next step.",
			Tools: []string{
				"call_79382389 weather {\"location\":\"San Francisco\"}",
			},
			Usage:  &llm.Usage{InputTokens: 1, OutputTokens: 253, CacheReadTokens: 306, ReasoningTokens: 227, ProviderCostNanos: 149750, ProviderCostKnown: true},
			Finish: llm.FinishToolCalls,
		},
	},
	{
		file:   "lmstudio/greater-than-context-length.json",
		status: 400,
		want: meaning{
			Err: "context_window_exceeded 400 ",
		},
	},
}
