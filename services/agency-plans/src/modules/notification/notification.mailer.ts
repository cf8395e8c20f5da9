import nodemailer from 'nodemailer'
import type { Mailer } from './notification.dispatcher.ts'

/** E-mail through nodemailer to RAILYARD_SMTP_URL (e.g. smtp://127.0.0.1:2525, smtps://user:pass@host). */
export function smtpMailer(smtpUrl: string, from: string): Mailer & { close(): void } {
  const transport = nodemailer.createTransport(smtpUrl)
  return {
    async send(mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers })
    },
    close: () => transport.close(),
  }
}
