import { configure } from "@testing-library/react";

// findBy* and waitFor give up after 1 s by default. On a busy two-core CI machine (make test's
// Maven build and the web app's tests share it) rendering an answer has taken longer than that
// (Checkout.test.tsx: 1.5 s). A missing element still fails the test, only later.
configure({ asyncUtilTimeout: 4000 });
