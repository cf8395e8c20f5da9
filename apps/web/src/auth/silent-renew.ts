/**
 * Entry of /silent-renew.html: the identity provider redirects the hidden renewal iframe here
 * (with the code and state, prompt=none); this hands the URL to the app in the parent window,
 * which exchanges the code itself. Only the parent notification is used: the authority and
 * client id below are never contacted from this page.
 */
import { UserManager } from 'oidc-client-ts'

const here = window.location.href
void new UserManager({ authority: window.location.origin, client_id: 'railyard-web', redirect_uri: here }).signinSilentCallback(here).catch((e: unknown) => {
  // The parent times out and falls back to a full sign-in; nothing else to do here.
  console.warn('silent renewal callback failed', e)
})
