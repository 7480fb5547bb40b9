// Reads a test mailbox at devstack's GreenMail over IMAP (AGORA_IMAP_PORT), with node:net only: the
// browser tests need the link an email carries. GreenMail makes an account per recipient whose login
// and password are the address itself.
import { connect } from "node:net";

const PORT = Number(process.env.AGORA_IMAP_PORT ?? 0);

/** Every message to `address`, raw (headers and MIME parts), oldest first. */
export async function messagesTo(address) {
  if (!PORT) {
    throw new Error("AGORA_IMAP_PORT is not set: the browser tests run from devstack's FrontendIT (make test)");
  }
  const socket = connect(PORT, "127.0.0.1");
  socket.setEncoding("utf8");
  let buffer = "";
  let waiting = null;
  socket.on("data", (chunk) => {
    buffer += chunk;
    waiting?.();
  });
  const closed = new Promise((resolve, reject) => {
    socket.on("error", reject);
    socket.on("close", resolve);
  });
  async function until(pattern) {
    while (!pattern.test(buffer)) {
      await Promise.race([new Promise((resolve) => { waiting = resolve; }), closed.then(() => {
        throw new Error(`IMAP connection closed before ${pattern}: ${buffer.slice(-200)}`);
      })]);
    }
    const taken = buffer;
    buffer = "";
    return taken;
  }
  async function command(tag, text) {
    socket.write(`${tag} ${text}\r\n`);
    const reply = await until(new RegExp(`^${tag} (OK|NO|BAD)`, "m"));
    if (!new RegExp(`^${tag} OK`, "m").test(reply)) {
      throw new Error(`IMAP ${text.split(" ")[0]} failed: ${reply.slice(-200)}`);
    }
    return reply;
  }
  try {
    await until(/^\* OK/m);
    const quoted = JSON.stringify(address);
    await command("a1", `LOGIN ${quoted} ${quoted}`);
    await command("a2", "SELECT INBOX");
    const fetched = await command("a3", "UID FETCH 1:* (BODY.PEEK[])");
    await command("a4", "LOGOUT").catch(() => undefined);
    return fetched.split(/^\* \d+ FETCH /m).slice(1);
  } finally {
    socket.destroy();
  }
}

/** Undoes quoted-printable soft line breaks and `=3D`, so links read as they were written. */
export function unfold(raw) {
  return raw.replace(/=\r?\n/g, "").replace(/=3D/gi, "=");
}
