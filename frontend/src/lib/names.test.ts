import { describe, expect, it } from "vitest";
import { formatNames, nameLanguage, parseNames } from "./names";

describe("regional names", () => {
  it("reads one tag = name per line and skips lines without both", () => {
    expect(parseNames("hi-IN = पीतल का दीपक\n\nta-IN=பித்தளை விளக்கு\nnonsense\n = no tag\nfr =")).toEqual({
      "hi-IN": "पीतल का दीपक", "ta-IN": "பித்தளை விளக்கு" });
  });

  it("writes back what it reads", () => {
    const names = { "hi-IN": "दीपक = रोशनी", "ta-IN": "விளக்கு" };
    expect(parseNames(formatNames(names))).toEqual(names);
  });

  it("knows which language a product's name is in", () => {
    expect(nameLanguage({ name: "दीपक", names: { "hi-IN": "दीपक" } })).toBe("hi-IN");
    expect(nameLanguage({ name: "Lamp", names: { "hi-IN": "दीपक" } })).toBeUndefined();
    expect(nameLanguage({ name: "Lamp" })).toBeUndefined();
  });
});
