import { describe, expect, it } from "vitest";
import { imagesBody, moved } from "./ImagesEditor";

const a = { url: "https://shop/api/v1/media/a/original", altText: "A", thumbnailUrl: "https://shop/api/v1/media/a/thumbnail" };
const b = { url: "https://img.example/b.jpg", altText: "B" };
const c = { url: "https://shop/api/v1/media/c/original" };

describe("the images editor", () => {
  it("moves an image within the list and never out of it", () => {
    expect(moved([a, b, c], 2, -1)).toEqual([a, c, b]);
    expect(moved([a, b, c], 0, 1)).toEqual([b, a, c]);
    expect(moved([a, b, c], 0, -1)).toEqual([a, b, c]);
    expect(moved([a, b, c], 2, 1)).toEqual([a, b, c]);
  });

  it("sends each image by URL and caption only, the server's renditions left out", () => {
    expect(imagesBody([a, c])).toEqual([{ url: a.url, altText: "A" }, { url: c.url, altText: "" }]);
  });
});
