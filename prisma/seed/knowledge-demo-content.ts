/**
 * The demo workspace's help centre: what Comptoir Maintenance (IT and equipment maintenance for
 * small businesses: shops, workshops, offices) tells its customers again and again, written once.
 * Five categories (« Matériel et installation » has two sub-categories), twenty articles in French
 * and English: two are internal (staff only), one is still a draft. Written into the database by
 * knowledge-demo.ts through the authoring domain, so the HTML is sanitised and the plain text,
 * versions and search index are made the way an author's save makes them.
 */

export type DemoCategoryKey = "access" | "billing" | "equipment" | "printers" | "pointOfSale" | "interventions" | "portal";

type CategoryVersion = { name: string; slug: string; description: string };
export type DemoKnowledgeCategory = { key: DemoCategoryKey; parent: DemoCategoryKey | null; position: number; fr: CategoryVersion; en: CategoryVersion };

type ArticleVersion = { title: string; slug: string; summary: string; bodyHtml: string };
export type DemoKnowledgeArticle = {
  key: string;
  category: DemoCategoryKey;
  visibility: "public" | "internal";
  state: "published" | "draft";
  /** Who wrote it (a demo login). */
  author: "admin@comptoir.test" | "tech@comptoir.test" | "direction@comptoir.test";
  /** Written this many days before the demo's `now`; published the same day unless a draft. */
  writtenDaysAgo: number;
  reviewEveryMonths: number | null;
  fr: ArticleVersion;
  en: ArticleVersion;
};

export const demoKnowledgeCategories: DemoKnowledgeCategory[] = [
  {
    key: "access",
    parent: null,
    position: 0,
    fr: { name: "Compte et accès", slug: "compte-et-acces", description: "Connexion, mots de passe et comptes utilisateurs de vos logiciels et de votre espace client." },
    en: { name: "Account and access", slug: "account-and-access", description: "Signing in, passwords and user accounts for your software and your customer portal." },
  },
  {
    key: "billing",
    parent: null,
    position: 1,
    fr: { name: "Factures et paiement", slug: "factures-et-paiement", description: "Lire une facture, obtenir un duplicata, régler par prélèvement, changer l'adresse de facturation." },
    en: { name: "Invoices and payment", slug: "invoices-and-payment", description: "Reading an invoice, getting a copy, paying by direct debit, changing the billing address." },
  },
  {
    key: "equipment",
    parent: null,
    position: 2,
    fr: { name: "Matériel et installation", slug: "materiel-et-installation", description: "Postes de travail, serveurs, imprimantes et équipements de caisse : installation et premiers gestes en cas de panne." },
    en: { name: "Equipment and installation", slug: "equipment-and-installation", description: "Workstations, servers, printers and point-of-sale equipment: installation and first steps when something fails." },
  },
  {
    key: "printers",
    parent: "equipment",
    position: 0,
    fr: { name: "Imprimantes et copieurs", slug: "imprimantes-et-copieurs", description: "Codes d'erreur, bourrages, imprimantes d'étiquettes." },
    en: { name: "Printers and copiers", slug: "printers-and-copiers", description: "Error codes, paper jams, label printers." },
  },
  {
    key: "pointOfSale",
    parent: "equipment",
    position: 1,
    fr: { name: "Caisse et terminal de paiement", slug: "caisse-et-terminal-de-paiement", description: "Logiciel de caisse, terminal de paiement, périphériques de la caisse." },
    en: { name: "Till and card terminal", slug: "till-and-card-terminal", description: "Till software, card terminal and the till's devices." },
  },
  {
    key: "interventions",
    parent: null,
    position: 3,
    fr: { name: "Interventions et maintenance", slug: "interventions-et-maintenance", description: "Comment se passe une intervention, nos délais selon votre contrat, l'entretien de vos équipements." },
    en: { name: "Interventions and maintenance", slug: "interventions-and-maintenance", description: "How an intervention works, our response times under your contract, looking after your equipment." },
  },
  {
    key: "portal",
    parent: null,
    position: 4,
    fr: { name: "Utiliser l'espace client", slug: "utiliser-l-espace-client", description: "Envoyer une demande, la suivre, y répondre et nous donner votre avis." },
    en: { name: "Using the customer portal", slug: "using-the-customer-portal", description: "Sending a request, following it, replying and telling us how we did." },
  },
];

export const demoKnowledgeArticles: DemoKnowledgeArticle[] = [
  // ───────────────────────────── Compte et accès ─────────────────────────────
  {
    key: "portal-sign-in",
    category: "portal",
    visibility: "public",
    state: "published",
    author: "tech@comptoir.test",
    writtenDaysAgo: 84,
    reviewEveryMonths: 12,
    fr: {
      title: "Se connecter à l'espace client",
      slug: "se-connecter-a-l-espace-client",
      summary: "Connexion par lien reçu par e-mail ou par mot de passe, et que faire quand le lien n'arrive pas ou que le compte est verrouillé.",
      bodyHtml: `<p>L'espace client vous permet de suivre vos demandes, de nous répondre et de retrouver l'historique de vos échanges avec le support. Il est ouvert à toute personne dont l'adresse e-mail est connue de nos services.</p>
<h2>Se connecter avec un lien reçu par e-mail</h2>
<ol>
<li>Ouvrez la page <strong>Espace client</strong> depuis le lien en bas de nos e-mails ou depuis notre site.</li>
<li>Saisissez votre adresse e-mail professionnelle et cliquez sur « Recevoir un lien de connexion ».</li>
<li>Ouvrez le message reçu et cliquez sur le lien, puis sur « Me connecter ».</li>
</ol>
<p>Le lien est valable <strong>30 minutes</strong> et ne sert qu'une fois. Il ne fonctionne que pour l'adresse à laquelle il a été envoyé : inutile de le transférer à un collègue.</p>
<h2>Se connecter avec un mot de passe</h2>
<p>Si vous préférez, définissez un mot de passe dans <strong>Mon compte</strong> une fois connecté (8 caractères au minimum). Changer de mot de passe ferme vos autres sessions ouvertes, par exemple sur un poste partagé.</p>
<h2>Le lien n'arrive pas</h2>
<ul>
<li>Vérifiez le dossier « Courrier indésirable » ou « Spam » de votre messagerie.</li>
<li>Demandez à votre prestataire ou à votre service informatique d'autoriser l'adresse d'envoi de notre support.</li>
<li>Vérifiez que vous utilisez l'adresse à laquelle vous recevez nos réponses : c'est elle que nous connaissons.</li>
</ul>
<h2>« Identifiants incorrects » ou compte verrouillé</h2>
<p>Après 10 tentatives infructueuses en 15 minutes, la connexion par mot de passe est suspendue par sécurité. Attendez un quart d'heure ou utilisez la connexion par lien, qui fonctionne toujours. Si le problème persiste, envoyez-nous une demande depuis le formulaire de contact en précisant l'adresse concernée.</p>`,
    },
    en: {
      title: "Signing in to the customer portal",
      slug: "signing-in-to-the-customer-portal",
      summary: "Signing in with a link sent by email or with a password, and what to do when the link does not arrive or the account is locked.",
      bodyHtml: `<p>The customer portal lets you follow your requests, reply to us and find the history of your exchanges with support. It is open to anyone whose email address our team knows.</p>
<h2>Signing in with a link sent by email</h2>
<ol>
<li>Open the <strong>Customer portal</strong> page from the link at the bottom of our emails or from our website.</li>
<li>Type your work email address and click "Send me a sign-in link".</li>
<li>Open the message you receive, click the link, then "Sign me in".</li>
</ol>
<p>The link is valid for <strong>30 minutes</strong> and works once. It only works for the address it was sent to: forwarding it to a colleague will not help.</p>
<h2>Signing in with a password</h2>
<p>If you prefer, set a password in <strong>My account</strong> once signed in (at least 8 characters). Changing your password closes your other open sessions, for instance on a shared computer.</p>
<h2>The link does not arrive</h2>
<ul>
<li>Look in the "Junk" or "Spam" folder of your mailbox.</li>
<li>Ask your email provider or IT department to allow our support's sending address.</li>
<li>Make sure you use the address where you receive our replies: that is the one we know.</li>
</ul>
<h2>"Incorrect credentials" or a locked account</h2>
<p>After 10 failed attempts within 15 minutes, password sign-in is suspended for safety. Wait a quarter of an hour or use the sign-in link, which always works. If the problem continues, send us a request from the contact form with the address concerned.</p>`,
    },
  },
  {
    key: "software-password",
    category: "access",
    visibility: "public",
    state: "published",
    author: "tech@comptoir.test",
    writtenDaysAgo: 80,
    reviewEveryMonths: 12,
    fr: {
      title: "Mot de passe oublié ou compte bloqué dans le logiciel de gestion",
      slug: "mot-de-passe-oublie-logiciel-de-gestion",
      summary: "Qui peut réinitialiser un mot de passe du logiciel de gestion commerciale ou comptable, ce que nous vous demanderons et combien de temps cela prend.",
      bodyHtml: `<p>Après cinq saisies erronées, le logiciel de gestion commerciale (et le logiciel comptable) bloque le compte pour protéger vos données. Le déblocage se fait de deux façons.</p>
<h2>Par l'administrateur de votre société</h2>
<p>Si un de vos collaborateurs a le rôle <strong>Administrateur</strong> dans le logiciel, il peut débloquer le compte lui-même :</p>
<ol>
<li>Menu <strong>Paramètres › Utilisateurs</strong>.</li>
<li>Sélectionnez le compte bloqué, puis « Réinitialiser le mot de passe ».</li>
<li>Communiquez le mot de passe provisoire à la personne : il devra être changé à la première connexion.</li>
</ol>
<h2>Par notre support</h2>
<p>Sinon, envoyez-nous une demande en précisant :</p>
<ul>
<li>l'identifiant exact du compte (par exemple <code>mdupont.achats</code>) ;</li>
<li>le nom de la personne et son numéro de portable professionnel ;</li>
<li>le logiciel concerné (gestion commerciale, comptabilité, caisse).</li>
</ul>
<p>Pour votre sécurité, nous ne donnons jamais un mot de passe par téléphone ni par e-mail : le mot de passe provisoire est envoyé <strong>par SMS</strong> au numéro connu de nos services. Comptez moins d'une heure ouvrée pour une demande complète.</p>
<h2>Choisir un bon mot de passe</h2>
<p>Au moins 12 caractères, une phrase facile à retenir plutôt qu'un mot avec des chiffres, et jamais le même mot de passe que votre messagerie.</p>`,
    },
    en: {
      title: "Forgotten password or locked account in the management software",
      slug: "forgotten-password-management-software",
      summary: "Who can reset a password in the sales or accounting software, what we will ask you and how long it takes.",
      bodyHtml: `<p>After five wrong entries, the sales management software (and the accounting software) locks the account to protect your data. There are two ways to unlock it.</p>
<h2>By your company's administrator</h2>
<p>If one of your colleagues has the <strong>Administrator</strong> role in the software, they can unlock the account themselves:</p>
<ol>
<li>Menu <strong>Settings › Users</strong>.</li>
<li>Select the locked account, then "Reset password".</li>
<li>Give the temporary password to the person: it must be changed at the first sign-in.</li>
</ol>
<h2>By our support team</h2>
<p>Otherwise, send us a request with:</p>
<ul>
<li>the exact account name (for instance <code>mdupont.purchasing</code>);</li>
<li>the person's name and work mobile number;</li>
<li>the software concerned (sales, accounting, till).</li>
</ul>
<p>For your safety we never give a password over the phone or by email: the temporary password is sent <strong>by text message</strong> to the number we have on file. Expect less than one working hour for a complete request.</p>
<h2>Choosing a good password</h2>
<p>At least 12 characters, a sentence you remember rather than a word with digits, and never the same password as your mailbox.</p>`,
    },
  },
  {
    key: "new-user-account",
    category: "access",
    visibility: "public",
    state: "published",
    author: "admin@comptoir.test",
    writtenDaysAgo: 76,
    reviewEveryMonths: 12,
    fr: {
      title: "Créer les accès d'un nouveau salarié",
      slug: "creer-les-acces-d-un-nouveau-salarie",
      summary: "Ce qu'il faut nous envoyer pour ouvrir la messagerie, les logiciels et les droits d'un nouvel arrivant, et les délais à prévoir.",
      bodyHtml: `<p>Pour qu'un nouveau salarié soit opérationnel dès son premier jour, envoyez-nous la demande <strong>au moins trois jours ouvrés avant son arrivée</strong>. Nous préparons tout en une fois : messagerie, logiciels, imprimantes et dossiers partagés.</p>
<h2>Les informations à nous transmettre</h2>
<table>
<thead><tr><th>Information</th><th>Exemple</th></tr></thead>
<tbody>
<tr><td>Prénom et nom</td><td>Léa Martin</td></tr>
<tr><td>Date d'arrivée</td><td>lundi 2 mars</td></tr>
<tr><td>Poste et service</td><td>Assistante comptable, service administratif</td></tr>
<tr><td>Collègue dont copier les droits</td><td>Julie Petit</td></tr>
<tr><td>Logiciels nécessaires</td><td>comptabilité, gestion commerciale (consultation)</td></tr>
<tr><td>Matériel</td><td>poste existant ou nouveau poste à commander</td></tr>
</tbody>
</table>
<p>Le plus simple est de nous indiquer un collègue qui occupe un poste proche : nous reprenons ses droits, puis vous nous dites ce qui diffère.</p>
<h2>Licences</h2>
<p>Si toutes vos licences sont déjà attribuées, nous vous proposerons d'en ajouter une ou de libérer celle d'un ancien salarié. Une licence supplémentaire est facturée au prorata jusqu'à l'échéance de votre contrat.</p>
<h2>Au départ d'un salarié</h2>
<p>Prévenez-nous aussi des départs : nous désactivons les accès le dernier jour, transférons la messagerie à la personne de votre choix et libérons la licence.</p>`,
    },
    en: {
      title: "Setting up access for a new employee",
      slug: "setting-up-access-for-a-new-employee",
      summary: "What to send us to open email, software and permissions for a newcomer, and how much notice we need.",
      bodyHtml: `<p>For a new employee to be ready on their first day, send us the request <strong>at least three working days before they arrive</strong>. We prepare everything at once: email, software, printers and shared folders.</p>
<h2>What to send us</h2>
<table>
<thead><tr><th>Information</th><th>Example</th></tr></thead>
<tbody>
<tr><td>First and last name</td><td>Léa Martin</td></tr>
<tr><td>Start date</td><td>Monday 2 March</td></tr>
<tr><td>Job and department</td><td>Accounts assistant, administration</td></tr>
<tr><td>Colleague whose permissions to copy</td><td>Julie Petit</td></tr>
<tr><td>Software needed</td><td>accounting, sales management (read only)</td></tr>
<tr><td>Equipment</td><td>existing computer or a new one to order</td></tr>
</tbody>
</table>
<p>The easiest is to name a colleague in a similar job: we copy their permissions, then you tell us what differs.</p>
<h2>Licences</h2>
<p>If all your licences are already in use, we will suggest adding one or freeing a former employee's. An extra licence is charged pro rata until your contract's renewal date.</p>
<h2>When an employee leaves</h2>
<p>Tell us about departures too: we disable their access on their last day, forward their email to the person of your choice and free the licence.</p>`,
    },
  },
  {
    key: "identity-check",
    category: "access",
    visibility: "internal",
    state: "published",
    author: "direction@comptoir.test",
    writtenDaysAgo: 70,
    reviewEveryMonths: 6,
    fr: {
      title: "Procédure interne : vérifier l'identité avant de réinitialiser un accès",
      slug: "procedure-verifier-identite-avant-reinitialisation",
      summary: "Réservé à l'équipe : les vérifications obligatoires avant tout déblocage de compte, envoi de mot de passe ou ouverture d'accès demandés par un client.",
      bodyHtml: `<p><strong>Article interne, ne pas transmettre aux clients.</strong> Les demandes de réinitialisation sont le premier vecteur d'usurpation d'identité. Cette procédure s'applique à toutes les demandes, même urgentes, même si la personne est connue.</p>
<h2>Avant d'agir</h2>
<ol>
<li>Vérifiez que la demande vient d'une adresse e-mail <strong>déjà enregistrée</strong> sur la fiche du contact, ou du portail (session authentifiée).</li>
<li>Pour une demande par téléphone : raccrochez et <strong>rappelez</strong> le numéro de la fiche contact, jamais un numéro donné pendant l'appel.</li>
<li>Si la demande concerne un autre salarié, elle doit venir du dirigeant ou d'un contact marqué « responsable » pour la société.</li>
</ol>
<h2>Envoi du mot de passe provisoire</h2>
<ul>
<li>Uniquement par SMS, au portable professionnel enregistré.</li>
<li>Jamais dans la réponse au ticket, jamais dans une note visible du client.</li>
<li>Cochez « Changer à la prochaine connexion ».</li>
</ul>
<h2>Signaux d'alerte</h2>
<p>Urgence inhabituelle, demande de changer l'adresse de réception en même temps, adresse e-mail presque identique à celle de la fiche (<code>roux-associes.fr</code> au lieu de <code>roux-associes.com</code>) : ne traitez pas, ajoutez une note interne et prévenez Nathalie Girard.</p>
<p>Chaque réinitialisation est tracée par une note interne sur le ticket : qui, quel compte, quelle vérification.</p>`,
    },
    en: {
      title: "Internal procedure: checking identity before resetting access",
      slug: "procedure-checking-identity-before-reset",
      summary: "Team only: the mandatory checks before unlocking an account, sending a password or opening access at a customer's request.",
      bodyHtml: `<p><strong>Internal article, do not send to customers.</strong> Reset requests are the first way people impersonate our customers. This procedure applies to every request, even urgent, even from someone we know.</p>
<h2>Before acting</h2>
<ol>
<li>Check that the request comes from an email address <strong>already on</strong> the contact's record, or from the portal (a signed-in session).</li>
<li>For a phone request: hang up and <strong>call back</strong> the number on the contact's record, never a number given during the call.</li>
<li>If the request is about another employee, it must come from the company's manager or a contact marked as "manager" for the company.</li>
</ol>
<h2>Sending the temporary password</h2>
<ul>
<li>Only by text message, to the work mobile on record.</li>
<li>Never in the ticket's reply, never in a note the customer can see.</li>
<li>Tick "Change at next sign-in".</li>
</ul>
<h2>Warning signs</h2>
<p>Unusual urgency, a request to change the receiving address at the same time, an email address almost identical to the record's (<code>roux-associes.fr</code> instead of <code>roux-associes.com</code>): do not proceed, add an internal note and tell Nathalie Girard.</p>
<p>Every reset is traced by an internal note on the ticket: who, which account, which check.</p>`,
    },
  },

  // ───────────────────────────── Factures et paiement ─────────────────────────────
  {
    key: "reading-invoice",
    category: "billing",
    visibility: "public",
    state: "published",
    author: "admin@comptoir.test",
    writtenDaysAgo: 90,
    reviewEveryMonths: 12,
    fr: {
      title: "Comprendre votre facture de maintenance",
      slug: "comprendre-votre-facture-de-maintenance",
      summary: "Les lignes d'une facture Comptoir Maintenance expliquées : contrat annuel, interventions hors contrat, déplacements, pièces et TVA.",
      bodyHtml: `<p>Vos factures sont envoyées par e-mail au contact de facturation de votre société et restent disponibles dans votre espace client. Voici comment les lire.</p>
<h2>Les lignes possibles</h2>
<table>
<thead><tr><th>Ligne</th><th>Ce qu'elle couvre</th><th>Quand</th></tr></thead>
<tbody>
<tr><td>Contrat de maintenance Standard ou Premium</td><td>Support à distance, interventions sur site comprises dans le contrat</td><td>Une fois par an, à la date anniversaire</td></tr>
<tr><td>Intervention sur site (heure)</td><td>Main-d'œuvre hors contrat, déplacement compris dans notre zone</td><td>Après l'intervention</td></tr>
<tr><td>Pièces et matériel</td><td>Pièces remplacées hors garantie, matériel commandé</td><td>À la livraison</td></tr>
<tr><td>Licence supplémentaire</td><td>Un utilisateur de plus, au prorata jusqu'à l'échéance</td><td>À l'ajout</td></tr>
</tbody>
</table>
<h2>Les interventions sous garantie</h2>
<p>Une intervention sur un matériel sous garantie ou couverte par votre contrat apparaît sur le compte rendu d'intervention, <strong>jamais</strong> sur une facture. Si vous en trouvez une facturée, signalez-le-nous : un avoir sera émis.</p>
<h2>TVA et échéances</h2>
<p>Nos prestations sont soumises à la TVA à 20 %. Les factures sont payables à 30 jours, par virement ou par prélèvement SEPA si vous l'avez mis en place. Le numéro de facture (par exemple 2026-137) est à rappeler dans le libellé de votre virement.</p>
<h2>Une erreur sur une facture ?</h2>
<p>Envoyez-nous une demande avec le numéro de la facture et la ligne concernée. Nous vérifions avec le planning des techniciens et, si nécessaire, émettons un avoir et une facture corrigée sous 5 jours ouvrés.</p>`,
    },
    en: {
      title: "Understanding your maintenance invoice",
      slug: "understanding-your-maintenance-invoice",
      summary: "The lines of a Comptoir Maintenance invoice explained: annual contract, out-of-contract work, travel, parts and VAT.",
      bodyHtml: `<p>Your invoices are emailed to your company's billing contact and stay available in your customer portal. Here is how to read them.</p>
<h2>The possible lines</h2>
<table>
<thead><tr><th>Line</th><th>What it covers</th><th>When</th></tr></thead>
<tbody>
<tr><td>Standard or Premium maintenance contract</td><td>Remote support, on-site interventions included in the contract</td><td>Once a year, on the anniversary date</td></tr>
<tr><td>On-site intervention (hour)</td><td>Labour outside the contract, travel included within our area</td><td>After the intervention</td></tr>
<tr><td>Parts and equipment</td><td>Parts replaced out of warranty, equipment ordered</td><td>On delivery</td></tr>
<tr><td>Extra licence</td><td>One more user, pro rata until renewal</td><td>When added</td></tr>
</tbody>
</table>
<h2>Interventions under warranty</h2>
<p>An intervention on equipment under warranty or covered by your contract appears on the intervention report, <strong>never</strong> on an invoice. If you find one charged, tell us: we will issue a credit note.</p>
<h2>VAT and payment terms</h2>
<p>Our services are subject to 20% VAT. Invoices are payable within 30 days, by bank transfer or by SEPA direct debit if you have set it up. Please quote the invoice number (for instance 2026-137) in your transfer's reference.</p>
<h2>A mistake on an invoice?</h2>
<p>Send us a request with the invoice number and the line concerned. We check against the technicians' schedule and, where needed, issue a credit note and a corrected invoice within 5 working days.</p>`,
    },
  },
  {
    key: "invoice-copy",
    category: "billing",
    visibility: "public",
    state: "published",
    author: "admin@comptoir.test",
    writtenDaysAgo: 66,
    reviewEveryMonths: 12,
    fr: {
      title: "Obtenir un duplicata de facture",
      slug: "obtenir-un-duplicata-de-facture",
      summary: "Retrouver une facture dans l'espace client ou nous demander un duplicata, y compris pour une facture de plus de deux ans.",
      bodyHtml: `<p>Vous avez égaré une facture ou votre expert-comptable vous en réclame une copie ? Dans la plupart des cas, vous n'avez pas besoin de nous écrire.</p>
<h2>Dans votre espace client</h2>
<p>Les factures des deux dernières années sont consultables et téléchargeables en PDF depuis votre espace client. Le PDF téléchargé a la même valeur que l'original.</p>
<h2>Nous demander un duplicata</h2>
<p>Pour une facture plus ancienne, ou si vous n'avez pas accès à l'espace client, envoyez-nous une demande avec :</p>
<ul>
<li>le numéro de la facture, ou à défaut le mois et le montant approximatifs ;</li>
<li>l'adresse e-mail à laquelle l'envoyer, si ce n'est pas la vôtre (votre cabinet comptable, par exemple).</li>
</ul>
<p>Le duplicata porte la mention « Duplicata » et la date de sa réédition ; il vous est envoyé sous 2 jours ouvrés. Nous conservons les factures <strong>10 ans</strong>, comme la loi nous y oblige.</p>
<h2>Plusieurs factures d'un coup</h2>
<p>Pour une clôture d'exercice ou un contrôle, nous pouvons vous envoyer un relevé de compte et toutes les factures d'une période en un seul fichier : précisez les dates dans votre demande.</p>`,
    },
    en: {
      title: "Getting a copy of an invoice",
      slug: "getting-a-copy-of-an-invoice",
      summary: "Finding an invoice in the customer portal or asking us for a copy, including for an invoice more than two years old.",
      bodyHtml: `<p>Lost an invoice, or your accountant needs a copy? Most of the time you do not need to write to us.</p>
<h2>In your customer portal</h2>
<p>The last two years' invoices can be viewed and downloaded as PDF from your customer portal. A downloaded PDF has the same value as the original.</p>
<h2>Asking us for a copy</h2>
<p>For an older invoice, or if you cannot use the portal, send us a request with:</p>
<ul>
<li>the invoice number, or else the approximate month and amount;</li>
<li>the email address to send it to, if not yours (your accountant's, for instance).</li>
</ul>
<p>The copy is marked "Duplicate" with the date it was reissued; it is sent within 2 working days. We keep invoices for <strong>10 years</strong>, as the law requires.</p>
<h2>Several invoices at once</h2>
<p>For a year-end closing or an audit, we can send you a statement of account and all the invoices of a period in one file: give the dates in your request.</p>`,
    },
  },
  {
    key: "direct-debit",
    category: "billing",
    visibility: "public",
    state: "published",
    author: "admin@comptoir.test",
    writtenDaysAgo: 60,
    reviewEveryMonths: 12,
    fr: {
      title: "Prélèvement SEPA : mise en place, changement de banque, contestation",
      slug: "prelevement-sepa",
      summary: "Payer vos factures et votre abonnement par prélèvement, changer de compte bancaire, et que faire en cas de prélèvement en double.",
      bodyHtml: `<p>Le prélèvement SEPA vous évite d'oublier une échéance : le montant de chaque facture est prélevé à sa date d'échéance, et vous êtes prévenu par e-mail <strong>5 jours avant</strong>.</p>
<h2>Mettre en place le prélèvement</h2>
<ol>
<li>Demandez-nous le mandat de prélèvement (ou téléchargez-le depuis votre espace client).</li>
<li>Complétez-le, signez-le et joignez un RIB au nom de votre société.</li>
<li>Renvoyez-le en réponse à votre demande : le prélèvement s'applique dès la facture suivante.</li>
</ol>
<h2>Changer de compte bancaire</h2>
<p>Un nouveau compte nécessite un nouveau mandat signé. Envoyez-le au moins <strong>10 jours</strong> avant la prochaine échéance ; sinon, celle-ci sera encore présentée sur l'ancien compte.</p>
<h2>Un prélèvement en double ou erroné</h2>
<p>Signalez-le-nous d'abord : nous vérifions le jour même et remboursons le doublon par virement sous 48 heures. Vous pouvez aussi demander le remboursement à votre banque (8 semaines pour un prélèvement autorisé), mais cela suspend le mandat et les échéances suivantes devront être réglées par virement.</p>
<h2>Arrêter le prélèvement</h2>
<p>Écrivez-nous pour révoquer le mandat ; les factures suivantes seront payables par virement à 30 jours.</p>`,
    },
    en: {
      title: "SEPA direct debit: setting up, changing bank, disputing",
      slug: "sepa-direct-debit",
      summary: "Paying invoices and your subscription by direct debit, changing bank account, and what to do about a debit taken twice.",
      bodyHtml: `<p>SEPA direct debit means you never miss a due date: each invoice's amount is debited on its due date, and you are told by email <strong>5 days before</strong>.</p>
<h2>Setting up direct debit</h2>
<ol>
<li>Ask us for the direct debit mandate (or download it from your customer portal).</li>
<li>Fill it in, sign it and attach your company's bank details.</li>
<li>Send it back as a reply to your request: direct debit applies from the next invoice.</li>
</ol>
<h2>Changing bank account</h2>
<p>A new account needs a new signed mandate. Send it at least <strong>10 days</strong> before the next due date; otherwise that debit will still go to the old account.</p>
<h2>A debit taken twice or by mistake</h2>
<p>Tell us first: we check the same day and refund the duplicate by transfer within 48 hours. You can also ask your bank for a refund (8 weeks for an authorised debit), but that suspends the mandate and the next invoices will have to be paid by transfer.</p>
<h2>Stopping direct debit</h2>
<p>Write to us to revoke the mandate; the next invoices will be payable by transfer within 30 days.</p>`,
    },
  },
  {
    key: "billing-address",
    category: "billing",
    visibility: "public",
    state: "published",
    author: "admin@comptoir.test",
    writtenDaysAgo: 58,
    reviewEveryMonths: 24,
    fr: {
      title: "Changer l'adresse ou le contact de facturation",
      slug: "changer-l-adresse-de-facturation",
      summary: "Déménagement, changement de raison sociale ou de contact comptable : ce qu'il faut nous envoyer pour que vos prochaines factures soient justes.",
      bodyHtml: `<p>Les factures reprennent l'adresse, la raison sociale et le numéro de TVA intracommunautaire enregistrés pour votre société. Une modification s'applique <strong>aux factures suivantes</strong> : une facture déjà émise n'est pas modifiée, mais nous pouvons la rééditer si la loi l'exige.</p>
<h2>Ce qu'il faut nous envoyer</h2>
<ul>
<li><strong>Nouvelle adresse</strong> : l'adresse complète et la date à partir de laquelle elle s'applique.</li>
<li><strong>Nouvelle raison sociale ou nouveau SIRET</strong> : un extrait Kbis de moins de trois mois.</li>
<li><strong>Nouveau contact de facturation</strong> : son nom et son adresse e-mail ; c'est à elle que nous enverrons les factures et les relances.</li>
</ul>
<h2>Déménagement de vos locaux</h2>
<p>Si vos équipements déménagent aussi, prévenez-nous au moins trois semaines avant : nous planifions le démontage, le transport et la remise en service, et nous mettons à jour l'adresse d'intervention de votre contrat.</p>`,
    },
    en: {
      title: "Changing the billing address or contact",
      slug: "changing-the-billing-address",
      summary: "Moving, a new company name or a new accounts contact: what to send us so that your next invoices are right.",
      bodyHtml: `<p>Invoices show the address, company name and EU VAT number recorded for your company. A change applies <strong>to the next invoices</strong>: an invoice already issued is not changed, but we can reissue it when the law requires.</p>
<h2>What to send us</h2>
<ul>
<li><strong>New address</strong>: the full address and the date from which it applies.</li>
<li><strong>New company name or registration number</strong>: a company registration extract less than three months old.</li>
<li><strong>New billing contact</strong>: their name and email address; invoices and reminders will go to them.</li>
</ul>
<h2>Moving premises</h2>
<p>If your equipment moves too, tell us at least three weeks ahead: we plan the dismantling, transport and set-up, and update your contract's intervention address.</p>`,
    },
  },

  // ───────────────────────────── Matériel et installation ─────────────────────────────
  {
    key: "new-workstation",
    category: "equipment",
    visibility: "public",
    state: "published",
    author: "tech@comptoir.test",
    writtenDaysAgo: 74,
    reviewEveryMonths: 12,
    fr: {
      title: "Préparer l'installation d'un nouveau poste de travail",
      slug: "preparer-installation-nouveau-poste",
      summary: "La liste de ce qu'il faut prévoir avant notre passage pour qu'un nouveau poste soit installé en une demi-journée : prise, réseau, comptes, données.",
      bodyHtml: `<p>L'installation d'un poste de travail prend en général <strong>une demi-journée</strong> : déballage, mise à jour, logiciels, imprimantes, messagerie, sauvegarde et transfert des données de l'ancien poste. Quelques préparatifs de votre côté évitent un second déplacement.</p>
<h2>Avant notre passage</h2>
<ul>
<li>Une prise électrique et une prise réseau libres à l'emplacement du poste (le Wi-Fi convient aux portables, pas aux postes fixes).</li>
<li>La liste des logiciels utilisés sur l'ancien poste, avec leurs numéros de licence si vous les avez.</li>
<li>La présence de l'utilisateur pendant la dernière heure, pour ses mots de passe et ses réglages.</li>
<li>Si l'ancien poste est remplacé : ne l'éteignez pas définitivement avant notre arrivée.</li>
</ul>
<h2>Ce que nous faisons sur place</h2>
<ol>
<li>Mise à jour de Windows et du micrologiciel, chiffrement du disque.</li>
<li>Installation des logiciels et des pilotes d'imprimantes.</li>
<li>Configuration de la messagerie et de la sauvegarde automatique.</li>
<li>Transfert des documents, favoris et signatures de l'ancien poste.</li>
<li>Effacement sécurisé de l'ancien disque si vous le souhaitez (certificat fourni).</li>
</ol>
<h2>Après l'installation</h2>
<p>Un compte rendu vous est envoyé avec la liste de ce qui a été installé. Vérifiez dans la journée que vous retrouvez vos documents ; signalez-nous tout oubli en répondant simplement au message.</p>`,
    },
    en: {
      title: "Preparing for a new workstation",
      slug: "preparing-for-a-new-workstation",
      summary: "What to have ready before we come so that a new computer is installed in half a day: power, network, accounts, data.",
      bodyHtml: `<p>Installing a workstation usually takes <strong>half a day</strong>: unpacking, updates, software, printers, email, backup and moving the data from the old computer. A little preparation on your side avoids a second visit.</p>
<h2>Before we come</h2>
<ul>
<li>A free power socket and network socket where the computer goes (Wi-Fi suits laptops, not desktops).</li>
<li>The list of software used on the old computer, with licence numbers if you have them.</li>
<li>The user's presence for the last hour, for their passwords and settings.</li>
<li>If the old computer is being replaced: do not switch it off for good before we arrive.</li>
</ul>
<h2>What we do on site</h2>
<ol>
<li>Windows and firmware updates, disk encryption.</li>
<li>Software and printer drivers.</li>
<li>Email and automatic backup set-up.</li>
<li>Moving documents, bookmarks and signatures from the old computer.</li>
<li>Secure erasure of the old disk if you wish (certificate provided).</li>
</ol>
<h2>After the installation</h2>
<p>You receive a report listing what was installed. Check during the day that your documents are all there; tell us about anything missing by simply replying to the message.</p>`,
    },
  },
  {
    key: "nas-orange-light",
    category: "equipment",
    visibility: "public",
    state: "published",
    author: "tech@comptoir.test",
    writtenDaysAgo: 50,
    reviewEveryMonths: 12,
    fr: {
      title: "Serveur NAS : voyant orange ou disque signalé défaillant",
      slug: "serveur-nas-voyant-orange",
      summary: "Ce que signifie le voyant orange du serveur de fichiers, ce qu'il ne faut surtout pas faire et comment se passe l'échange du disque.",
      bodyHtml: `<p>Votre serveur de fichiers (NAS) contient deux disques qui portent les mêmes données. Quand l'un d'eux faiblit, le NAS allume un <strong>voyant orange</strong>, émet parfois un bip et envoie un e-mail d'alerte. Vos données restent accessibles grâce au second disque : il n'y a pas de perte, mais il n'y a plus de sécurité.</p>
<h2>Ce qu'il faut faire</h2>
<ol>
<li>Notez le numéro du disque indiqué dans l'e-mail d'alerte (« Disque 1 » ou « Disque 2 »).</li>
<li>Envoyez-nous une demande avec ce numéro : nous vérifions l'état du disque à distance et lançons l'échange.</li>
<li>Laissez le NAS allumé et continuez à travailler normalement.</li>
</ol>
<h2>Ce qu'il ne faut pas faire</h2>
<ul>
<li>Ne retirez <strong>aucun</strong> disque vous-même : retirer le mauvais rend les données inaccessibles.</li>
<li>N'éteignez pas le NAS « pour voir » : un disque fatigué peut ne pas redémarrer.</li>
<li>N'installez pas de mise à jour du NAS tant que le disque n'est pas remplacé.</li>
</ul>
<h2>L'échange du disque</h2>
<p>Les disques sont garantis 3 ans. Sous garantie ou sous contrat, l'échange est gratuit. Le nouveau disque est installé sans arrêter le serveur ; la reconstruction dure ensuite de 6 à 12 heures selon le volume, pendant lesquelles le NAS peut être un peu plus lent. Le voyant redevient vert à la fin.</p>`,
    },
    en: {
      title: "NAS server: orange light or a disk reported as failing",
      slug: "nas-server-orange-light",
      summary: "What the file server's orange light means, what you must not do, and how the disk replacement works.",
      bodyHtml: `<p>Your file server (NAS) holds two disks carrying the same data. When one of them weakens, the NAS turns on an <strong>orange light</strong>, sometimes beeps and sends an alert email. Your data stays available thanks to the second disk: nothing is lost, but there is no safety net any more.</p>
<h2>What to do</h2>
<ol>
<li>Note the disk number given in the alert email ("Disk 1" or "Disk 2").</li>
<li>Send us a request with that number: we check the disk remotely and start the replacement.</li>
<li>Leave the NAS on and keep working as usual.</li>
</ol>
<h2>What not to do</h2>
<ul>
<li>Do not remove <strong>any</strong> disk yourself: pulling the wrong one makes the data unavailable.</li>
<li>Do not switch the NAS off "to see": a tired disk may not start again.</li>
<li>Do not install NAS updates until the disk is replaced.</li>
</ul>
<h2>Replacing the disk</h2>
<p>Disks carry a 3-year warranty. Under warranty or contract, the replacement is free. The new disk goes in without stopping the server; the rebuild then takes 6 to 12 hours depending on the volume, during which the NAS may be a little slower. The light turns green again at the end.</p>`,
    },
  },
  {
    key: "printer-error-codes",
    category: "printers",
    visibility: "public",
    state: "published",
    author: "tech@comptoir.test",
    writtenDaysAgo: 88,
    reviewEveryMonths: 6,
    fr: {
      title: "Codes d'erreur des imprimantes : signification et premiers gestes",
      slug: "codes-erreur-imprimantes",
      summary: "E05, E13, E52, C-2557, SC542, E-302 : ce que signifient les codes d'erreur les plus fréquents et ce que vous pouvez faire avant de nous appeler.",
      bodyHtml: `<p>Quand une imprimante ou un copieur s'arrête en affichant un code, le bon geste dépend du code. Commencez toujours par noter le code exact et, si possible, le <strong>numéro de série</strong> (étiquette à l'arrière de l'appareil) et le <strong>compteur de pages</strong> : nous vous les demanderons.</p>
<h2>Les codes les plus fréquents</h2>
<table>
<thead><tr><th>Code</th><th>Signification</th><th>Premier geste</th></tr></thead>
<tbody>
<tr><td>E05</td><td>Capot ou trappe mal fermé</td><td>Ouvrir puis refermer fermement toutes les trappes</td></tr>
<tr><td>E13</td><td>Bourrage papier dans le circuit interne</td><td>Voir l'article sur les bourrages ; ne pas tirer le papier vers l'arrière</td></tr>
<tr><td>E52</td><td>Toner non reconnu</td><td>Retirer et remettre la cartouche ; vérifier qu'elle est d'origine</td></tr>
<tr><td>E-302</td><td>Erreur de communication réseau</td><td>Vérifier le câble réseau, redémarrer l'imprimante</td></tr>
<tr><td>C-2557</td><td>Défaut du capteur de densité</td><td>Redémarrer ; si le code revient, intervention nécessaire</td></tr>
<tr><td>SC542</td><td>Température de l'unité de fusion anormale</td><td>Éteindre 10 minutes ; si le code revient, intervention nécessaire</td></tr>
</tbody>
</table>
<h2>Redémarrer correctement</h2>
<ol>
<li>Éteignez l'imprimante avec son bouton (pas en débranchant).</li>
<li>Débranchez-la 30 secondes.</li>
<li>Rebranchez, rallumez et attendez la fin du préchauffage avant de relancer l'impression.</li>
</ol>
<h2>Quand nous appeler</h2>
<p>Si le code revient après un redémarrage, ou pour tout code commençant par <strong>SC</strong> ou <strong>C-</strong> (erreurs « service »), envoyez-nous une demande avec le code, le numéro de série et le compteur. Les pièces d'usure (unité de fusion, rouleaux) sont couvertes par les contrats Standard et Premium.</p>`,
    },
    en: {
      title: "Printer error codes: what they mean and what to do first",
      slug: "printer-error-codes",
      summary: "E05, E13, E52, C-2557, SC542, E-302: what the most common printer error codes mean and what you can do before calling us.",
      bodyHtml: `<p>When a printer or copier stops and shows a code, the right move depends on the code. Always start by noting the exact code and, if you can, the <strong>serial number</strong> (label at the back of the device) and the <strong>page counter</strong>: we will ask for them.</p>
<h2>The most common codes</h2>
<table>
<thead><tr><th>Code</th><th>Meaning</th><th>First step</th></tr></thead>
<tbody>
<tr><td>E05</td><td>Cover or door not closed</td><td>Open and firmly close every door</td></tr>
<tr><td>E13</td><td>Paper jam inside</td><td>See the article on paper jams; do not pull the paper backwards</td></tr>
<tr><td>E52</td><td>Toner not recognised</td><td>Take the cartridge out and put it back; check it is genuine</td></tr>
<tr><td>E-302</td><td>Network communication error</td><td>Check the network cable, restart the printer</td></tr>
<tr><td>C-2557</td><td>Density sensor fault</td><td>Restart; if the code comes back, an intervention is needed</td></tr>
<tr><td>SC542</td><td>Abnormal fuser unit temperature</td><td>Switch off for 10 minutes; if the code comes back, an intervention is needed</td></tr>
</tbody>
</table>
<h2>Restarting properly</h2>
<ol>
<li>Switch the printer off with its button (not by unplugging it).</li>
<li>Unplug it for 30 seconds.</li>
<li>Plug it back in, switch it on and wait for the warm-up to finish before printing again.</li>
</ol>
<h2>When to call us</h2>
<p>If the code comes back after a restart, or for any code starting with <strong>SC</strong> or <strong>C-</strong> ("service" errors), send us a request with the code, the serial number and the counter. Wear parts (fuser unit, rollers) are covered by the Standard and Premium contracts.</p>`,
    },
  },
  {
    key: "paper-jams",
    category: "printers",
    visibility: "public",
    state: "published",
    author: "tech@comptoir.test",
    writtenDaysAgo: 45,
    reviewEveryMonths: 12,
    fr: {
      title: "Bourrages papier à répétition : causes et remèdes",
      slug: "bourrages-papier-a-repetition",
      summary: "Retirer un bourrage sans abîmer le copieur, et les causes habituelles des bourrages à répétition : papier, réglages, rouleaux usés.",
      bodyHtml: `<p>Un bourrage de temps en temps est normal. Des bourrages presque à chaque impression, surtout en <strong>recto verso</strong>, ont presque toujours une cause précise.</p>
<h2>Retirer un bourrage sans dégât</h2>
<ol>
<li>Suivez l'animation affichée sur l'écran du copieur : elle indique la trappe à ouvrir.</li>
<li>Tirez la feuille dans le sens du circuit du papier, doucement et à deux mains.</li>
<li>Ne touchez pas l'unité de fusion (zone marquée d'un symbole chaud) : elle dépasse 180 °C.</li>
<li>Vérifiez qu'aucun morceau de papier ne reste coincé, puis refermez toutes les trappes.</li>
</ol>
<h2>Les causes fréquentes</h2>
<ul>
<li><strong>Papier humide ou trop fin</strong> : gardez les ramettes dans leur emballage, à plat, loin d'une fenêtre. Utilisez du 80 g/m².</li>
<li><strong>Réglage du bac</strong> : le format et le grammage déclarés doivent correspondre au papier chargé ; les guides doivent toucher la pile sans la serrer.</li>
<li><strong>Bac trop plein</strong> : ne dépassez pas le repère de remplissage.</li>
<li><strong>Rouleaux d'entraînement usés</strong> : au-delà de 100 000 pages environ, ils glissent et le papier part de travers. C'est la cause habituelle quand les bourrages se produisent en recto verso.</li>
</ul>
<h2>Quand nous appeler</h2>
<p>Si les bourrages continuent avec une ramette neuve et un bac bien réglé, envoyez-nous une demande avec le compteur de pages et la trappe indiquée par le copieur. Le remplacement des rouleaux prend une vingtaine de minutes et il est compris dans les contrats de maintenance.</p>`,
    },
    en: {
      title: "Repeated paper jams: causes and cures",
      slug: "repeated-paper-jams",
      summary: "Clearing a jam without damaging the copier, and the usual causes of repeated jams: paper, settings, worn rollers.",
      bodyHtml: `<p>An occasional jam is normal. Jams on nearly every print, especially <strong>double-sided</strong>, almost always have a definite cause.</p>
<h2>Clearing a jam safely</h2>
<ol>
<li>Follow the animation on the copier's screen: it shows which door to open.</li>
<li>Pull the sheet in the direction the paper travels, gently and with both hands.</li>
<li>Do not touch the fuser unit (the area marked with a heat symbol): it exceeds 180 °C.</li>
<li>Check that no scrap of paper is left, then close every door.</li>
</ol>
<h2>The usual causes</h2>
<ul>
<li><strong>Damp or thin paper</strong>: keep reams in their wrapping, flat, away from windows. Use 80 gsm paper.</li>
<li><strong>Tray settings</strong>: the size and weight set for the tray must match the paper loaded; the guides should touch the stack without squeezing it.</li>
<li><strong>Overfilled tray</strong>: stay below the fill mark.</li>
<li><strong>Worn feed rollers</strong>: past about 100,000 pages they slip and the paper goes in crooked. This is the usual cause when jams happen in double-sided printing.</li>
</ul>
<h2>When to call us</h2>
<p>If jams continue with a fresh ream and a well-set tray, send us a request with the page counter and the door the copier shows. Replacing the rollers takes about twenty minutes and is included in the maintenance contracts.</p>`,
    },
  },
  {
    key: "label-printer",
    category: "printers",
    visibility: "public",
    state: "published",
    author: "tech@comptoir.test",
    writtenDaysAgo: 38,
    reviewEveryMonths: 12,
    fr: {
      title: "Imprimante d'étiquettes : recalibrer une impression décalée",
      slug: "imprimante-etiquettes-impression-decalee",
      summary: "Étiquettes qui sortent décalées, code-barres coupé, une étiquette blanche sur deux : recalibrer le capteur et régler le pilote.",
      bodyHtml: `<p>Après un changement de rouleau ou de format d'étiquettes, l'imprimante peut perdre le repère entre deux étiquettes : l'impression se décale, le code-barres est coupé, ou une étiquette sur deux sort blanche. Dans la plupart des cas, un <strong>calibrage</strong> suffit.</p>
<h2>Lancer le calibrage</h2>
<ol>
<li>Vérifiez que le rouleau est bien engagé sous les guides et que le capot est fermé.</li>
<li>Maintenez le bouton <strong>Feed</strong> appuyé pendant 5 secondes, jusqu'à ce que le voyant clignote deux fois.</li>
<li>Relâchez : l'imprimante fait avancer quelques étiquettes pour mesurer leur longueur.</li>
<li>Imprimez une étiquette de test depuis votre logiciel.</li>
</ol>
<h2>S'il reste un léger décalage</h2>
<p>Le réglage fin se fait dans le pilote : <strong>Préférences d'impression › Mise en page › Décalage vertical</strong>. Une valeur positive descend l'impression, une valeur négative la remonte. Procédez par pas de 1 mm.</p>
<pre><code>Format des étiquettes d'expédition : 100 x 150 mm
Écart entre étiquettes : 3 mm
Vitesse : 4 pouces/s   Densité : 10</code></pre>
<h2>Quand nous appeler</h2>
<p>Si le calibrage échoue (le voyant reste rouge) ou si le code-barres reste illisible par le transporteur, envoyez-nous une demande avec une photo d'une étiquette imprimée : nous réglerons l'imprimante à distance ou planifierons le nettoyage de la tête d'impression.</p>`,
    },
    en: {
      title: "Label printer: recalibrating when the print is offset",
      slug: "label-printer-offset-print",
      summary: "Labels printed off-centre, a cut barcode, every other label blank: recalibrate the sensor and adjust the driver.",
      bodyHtml: `<p>After changing the roll or the label size, the printer may lose track of the gap between labels: the print shifts, the barcode is cut, or every other label comes out blank. Most of the time a <strong>calibration</strong> fixes it.</p>
<h2>Running the calibration</h2>
<ol>
<li>Check that the roll sits under the guides and that the cover is closed.</li>
<li>Hold the <strong>Feed</strong> button for 5 seconds, until the light flashes twice.</li>
<li>Release it: the printer feeds a few labels to measure their length.</li>
<li>Print a test label from your software.</li>
</ol>
<h2>If a slight offset remains</h2>
<p>Fine adjustment is in the driver: <strong>Printing preferences › Layout › Vertical offset</strong>. A positive value moves the print down, a negative one moves it up. Go in steps of 1 mm.</p>
<pre><code>Shipping label size: 100 x 150 mm
Gap between labels: 3 mm
Speed: 4 in/s   Darkness: 10</code></pre>
<h2>When to call us</h2>
<p>If the calibration fails (the light stays red) or the carrier still cannot read the barcode, send us a request with a photo of a printed label: we will adjust the printer remotely or plan a print-head cleaning.</p>`,
    },
  },
  {
    key: "card-terminal",
    category: "pointOfSale",
    visibility: "public",
    state: "published",
    author: "tech@comptoir.test",
    writtenDaysAgo: 42,
    reviewEveryMonths: 6,
    fr: {
      title: "Terminal de paiement : transactions refusées ou « Erreur de communication »",
      slug: "terminal-de-paiement-transactions-refusees",
      summary: "Les vérifications à faire quand le terminal de paiement refuse des cartes par intermittence, et comment continuer à encaisser en attendant.",
      bodyHtml: `<p>Un terminal de paiement qui refuse des transactions par intermittence avec le message <strong>« Erreur de communication »</strong> a presque toujours un problème de liaison avec la banque, pas avec les cartes.</p>
<h2>Les vérifications dans l'ordre</h2>
<ol>
<li><strong>La box internet</strong> : les autres appareils ont-ils internet ? Si non, redémarrez la box.</li>
<li><strong>La distance</strong> : un terminal Wi-Fi ou Bluetooth trop loin de sa base ou de la box perd la liaison aux heures chargées. Rapprochez-le, ou branchez sa base en filaire.</li>
<li><strong>La base</strong> : vérifiez que son voyant est vert et que le terminal est bien posé sur son socle la nuit (la batterie faible provoque aussi des refus).</li>
<li><strong>Le redémarrage</strong> : touche <strong>F</strong> puis « Redémarrer », ou maintenez la touche rouge 5 secondes.</li>
</ol>
<h2>Continuer à encaisser</h2>
<ul>
<li>Si un refus porte la mention « Refusée » (et non « Erreur de communication »), c'est la banque du client qui refuse : proposez un autre moyen de paiement.</li>
<li>Les clients sous contrat Premium bénéficient d'un <strong>terminal de prêt</strong> livré sous 4 heures ouvrées.</li>
</ul>
<h2>Ce que nous demander</h2>
<p>Si les refus continuent après ces vérifications, envoyez-nous une demande en indiquant le modèle du terminal, l'heure des derniers refus et s'il est branché en filaire ou en Wi-Fi. Marquez-la « urgente » si vous ne pouvez plus encaisser par carte.</p>`,
    },
    en: {
      title: "Card terminal: declined payments or \"Communication error\"",
      slug: "card-terminal-declined-payments",
      summary: "What to check when the card terminal declines cards now and then, and how to keep taking payments meanwhile.",
      bodyHtml: `<p>A card terminal that declines payments now and then with the message <strong>"Communication error"</strong> almost always has trouble reaching the bank, not with the cards.</p>
<h2>Checks, in order</h2>
<ol>
<li><strong>The internet box</strong>: do other devices have internet? If not, restart the box.</li>
<li><strong>The distance</strong>: a Wi-Fi or Bluetooth terminal too far from its base or the box loses the link at busy times. Move it closer, or connect its base by cable.</li>
<li><strong>The base</strong>: check that its light is green and that the terminal sits on its base overnight (a low battery also causes declines).</li>
<li><strong>Restart</strong>: the <strong>F</strong> key then "Restart", or hold the red key for 5 seconds.</li>
</ol>
<h2>Keep taking payments</h2>
<ul>
<li>If a decline says "Declined" (not "Communication error"), the customer's bank is refusing: offer another way to pay.</li>
<li>Customers with a Premium contract get a <strong>loan terminal</strong> delivered within 4 working hours.</li>
</ul>
<h2>What to tell us</h2>
<p>If declines continue after these checks, send us a request with the terminal's model, the time of the last declines and whether it is connected by cable or Wi-Fi. Mark it "urgent" if you can no longer take card payments.</p>`,
    },
  },
  {
    key: "till-licence",
    category: "pointOfSale",
    visibility: "public",
    state: "published",
    author: "tech@comptoir.test",
    writtenDaysAgo: 35,
    reviewEveryMonths: 6,
    fr: {
      title: "Logiciel de caisse : « Licence introuvable » au démarrage",
      slug: "logiciel-de-caisse-licence-introuvable",
      summary: "Le logiciel de caisse ne démarre plus et affiche « Licence introuvable » : la cause habituelle après une mise à jour de Windows et comment la corriger.",
      bodyHtml: `<p>Le message <strong>« Licence introuvable »</strong> au démarrage du logiciel de caisse apparaît le plus souvent le lendemain d'une mise à jour de Windows : le service qui vérifie la licence n'a pas redémarré. Vos ventes et votre journal NF525 ne sont pas touchés.</p>
<h2>Ce que vous pouvez faire</h2>
<ol>
<li>Fermez le logiciel de caisse.</li>
<li>Redémarrez complètement le poste (menu Démarrer › Marche/Arrêt › <strong>Redémarrer</strong>, et non « Arrêter » puis rallumer).</li>
<li>Attendez deux minutes après l'ouverture de la session, puis relancez le logiciel.</li>
</ol>
<p>Si vous êtes à l'aise avec Windows, vous pouvez aussi relancer le service vous-même, dans une invite de commandes ouverte en administrateur :</p>
<pre><code>net stop ComptoirCaisseLicence
net start ComptoirCaisseLicence</code></pre>
<h2>Si le message persiste</h2>
<p>Envoyez-nous une demande et laissez le poste allumé : nous prenons la main à distance, relançons le service et réactivons la clé depuis notre serveur. Comptez une quinzaine de minutes.</p>
<h2>En attendant</h2>
<p>Encaissez avec le terminal de paiement seul et notez les ventes sur papier : elles devront être saisies dans le logiciel dès son redémarrage, pour que votre journal de caisse reste complet.</p>`,
    },
    en: {
      title: "Till software: \"Licence not found\" at start-up",
      slug: "till-software-licence-not-found",
      summary: "The till software will not start and shows \"Licence not found\": the usual cause after a Windows update and how to fix it.",
      bodyHtml: `<p>The <strong>"Licence not found"</strong> message when the till software starts usually appears the day after a Windows update: the service that checks the licence did not restart. Your sales and your NF525 journal are not affected.</p>
<h2>What you can do</h2>
<ol>
<li>Close the till software.</li>
<li>Fully restart the computer (Start › Power › <strong>Restart</strong>, not "Shut down" then on again).</li>
<li>Wait two minutes after signing in, then start the software again.</li>
</ol>
<p>If you are comfortable with Windows, you can restart the service yourself in a command prompt opened as administrator:</p>
<pre><code>net stop ComptoirCaisseLicence
net start ComptoirCaisseLicence</code></pre>
<h2>If the message stays</h2>
<p>Send us a request and leave the computer on: we take control remotely, restart the service and reactivate the key from our server. It takes about fifteen minutes.</p>
<h2>Meanwhile</h2>
<p>Take payments with the card terminal alone and write sales down: they must be entered in the software as soon as it runs again, so that your till journal stays complete.</p>`,
    },
  },

  // ───────────────────────────── Interventions et maintenance ─────────────────────────────
  {
    key: "on-site-intervention",
    category: "interventions",
    visibility: "public",
    state: "published",
    author: "direction@comptoir.test",
    writtenDaysAgo: 86,
    reviewEveryMonths: 12,
    fr: {
      title: "Comment se déroule une intervention sur site",
      slug: "deroulement-intervention-sur-site",
      summary: "De la prise de rendez-vous au compte rendu : comment nous planifions un passage, ce que fait le technicien et ce qui vous est facturé.",
      bodyHtml: `<p>Quand un problème ne peut pas être réglé à distance, un technicien passe dans vos locaux. Voici comment cela se passe.</p>
<h2>1. La prise de rendez-vous</h2>
<p>Nous vous proposons un ou deux créneaux par e-mail, dans les délais de votre contrat. Le rendez-vous confirmé figure dans votre demande ; vous recevez un rappel la veille.</p>
<h2>2. Le jour de l'intervention</h2>
<ul>
<li>Le technicien vous appelle s'il a plus de 15 minutes de retard.</li>
<li>Il a besoin d'un accès à l'équipement et, si possible, d'une personne qui connaît le problème.</li>
<li>Il vous présente ce qu'il a fait avant de partir et fait un test en votre présence.</li>
</ul>
<h2>3. Le compte rendu</h2>
<p>Vous recevez le compte rendu le jour même : travaux réalisés, pièces remplacées, temps passé. Il est aussi joint à votre demande dans l'espace client.</p>
<h2>Ce qui est facturé</h2>
<table>
<thead><tr><th>Situation</th><th>Facturation</th></tr></thead>
<tbody>
<tr><td>Équipement sous garantie</td><td>Rien</td></tr>
<tr><td>Intervention couverte par votre contrat</td><td>Rien</td></tr>
<tr><td>Hors contrat</td><td>Temps passé (85 € HT de l'heure, déplacement compris dans notre zone) et pièces</td></tr>
</tbody>
</table>
<h2>Annuler ou déplacer le rendez-vous</h2>
<p>Répondez à votre demande au moins 24 heures avant. Un déplacement hors contrat annulé moins de 24 heures à l'avance peut être facturé une heure. Si notre technicien n'est pas venu au rendez-vous prévu, dites-le-nous : nous replanifions en priorité.</p>`,
    },
    en: {
      title: "How an on-site intervention works",
      slug: "how-an-on-site-intervention-works",
      summary: "From booking to the report: how we plan a visit, what the technician does and what you are charged for.",
      bodyHtml: `<p>When a problem cannot be solved remotely, a technician comes to your premises. Here is how it works.</p>
<h2>1. Booking</h2>
<p>We offer one or two slots by email, within your contract's times. The confirmed appointment appears in your request; you get a reminder the day before.</p>
<h2>2. On the day</h2>
<ul>
<li>The technician calls you if they are more than 15 minutes late.</li>
<li>They need access to the equipment and, if possible, someone who knows the problem.</li>
<li>They show you what they did before leaving and run a test with you.</li>
</ul>
<h2>3. The report</h2>
<p>You receive the report the same day: work done, parts replaced, time spent. It is also attached to your request in the customer portal.</p>
<h2>What is charged</h2>
<table>
<thead><tr><th>Situation</th><th>Charge</th></tr></thead>
<tbody>
<tr><td>Equipment under warranty</td><td>Nothing</td></tr>
<tr><td>Intervention covered by your contract</td><td>Nothing</td></tr>
<tr><td>Outside the contract</td><td>Time spent (€85 excl. VAT per hour, travel included within our area) and parts</td></tr>
</tbody>
</table>
<h2>Cancelling or moving the appointment</h2>
<p>Reply to your request at least 24 hours ahead. An out-of-contract visit cancelled less than 24 hours ahead may be charged one hour. If our technician did not turn up at the agreed time, tell us: we reschedule first thing.</p>`,
    },
  },
  {
    key: "response-times",
    category: "interventions",
    visibility: "public",
    state: "published",
    author: "direction@comptoir.test",
    writtenDaysAgo: 82,
    reviewEveryMonths: 12,
    fr: {
      title: "Nos délais de réponse et d'intervention selon votre contrat",
      slug: "delais-de-reponse-et-d-intervention",
      summary: "Délais de première réponse et de résolution selon la priorité, différences entre les contrats Standard et Premium, heures ouvrées.",
      bodyHtml: `<p>Chaque demande reçoit une priorité selon son impact sur votre activité. Nos délais sont comptés en <strong>heures ouvrées</strong> : du lundi au vendredi, de 8 h 30 à 18 h 30, hors jours fériés.</p>
<h2>Délais selon la priorité</h2>
<table>
<thead><tr><th>Priorité</th><th>Exemple</th><th>Première réponse</th><th>Résolution visée</th></tr></thead>
<tbody>
<tr><td>Urgente</td><td>Plus d'encaissement possible, serveur arrêté</td><td>1 heure</td><td>4 heures</td></tr>
<tr><td>Haute</td><td>Un poste clé en panne, disque défaillant</td><td>4 heures</td><td>1 jour</td></tr>
<tr><td>Normale</td><td>Imprimante en erreur, lenteurs</td><td>8 heures</td><td>3 jours</td></tr>
<tr><td>Basse</td><td>Question, demande d'évolution</td><td>24 heures</td><td>5 jours</td></tr>
</tbody>
</table>
<h2>Standard ou Premium</h2>
<ul>
<li><strong>Contrat Standard</strong> : support à distance et intervention sur site sous 8 heures ouvrées.</li>
<li><strong>Contrat Premium</strong> : support prioritaire, intervention sur site sous 4 heures ouvrées, prêt de matériel pendant la réparation.</li>
</ul>
<h2>Nous aider à aller vite</h2>
<p>Une demande complète se règle plus vite : décrivez ce que vous voyez (message exact, capture d'écran), depuis quand, et ce qui est bloqué. Si la priorité ne correspond pas à la situation, répondez simplement à la demande pour nous le dire.</p>`,
    },
    en: {
      title: "Our response and intervention times under your contract",
      slug: "response-and-intervention-times",
      summary: "First response and resolution times by priority, the difference between Standard and Premium contracts, working hours.",
      bodyHtml: `<p>Each request gets a priority according to its impact on your business. Our times are counted in <strong>working hours</strong>: Monday to Friday, 8:30 am to 6:30 pm, public holidays excluded.</p>
<h2>Times by priority</h2>
<table>
<thead><tr><th>Priority</th><th>Example</th><th>First response</th><th>Target resolution</th></tr></thead>
<tbody>
<tr><td>Urgent</td><td>Cannot take payments, server down</td><td>1 hour</td><td>4 hours</td></tr>
<tr><td>High</td><td>A key computer down, failing disk</td><td>4 hours</td><td>1 day</td></tr>
<tr><td>Normal</td><td>Printer error, slowness</td><td>8 hours</td><td>3 days</td></tr>
<tr><td>Low</td><td>Question, improvement request</td><td>24 hours</td><td>5 days</td></tr>
</tbody>
</table>
<h2>Standard or Premium</h2>
<ul>
<li><strong>Standard contract</strong>: remote support and on-site intervention within 8 working hours.</li>
<li><strong>Premium contract</strong>: priority support, on-site intervention within 4 working hours, loan equipment during repairs.</li>
</ul>
<h2>Help us be quick</h2>
<p>A complete request is solved faster: describe what you see (exact message, screenshot), since when, and what is blocked. If the priority does not match the situation, just reply to the request to tell us.</p>`,
    },
  },
  {
    key: "ups-checklist",
    category: "interventions",
    visibility: "internal",
    state: "published",
    author: "tech@comptoir.test",
    writtenDaysAgo: 30,
    reviewEveryMonths: 6,
    fr: {
      title: "Fiche technicien : remplacement de la batterie d'un onduleur",
      slug: "fiche-technicien-batterie-onduleur",
      summary: "Réservé à l'équipe terrain : préparation, remplacement à chaud, test de coupure et compte rendu pour un onduleur qui bipe en continu.",
      bodyHtml: `<p><strong>Article interne.</strong> Un onduleur qui émet un bip continu avec un voyant rouge signale presque toujours une batterie en fin de vie (3 à 5 ans). Le serveur n'est plus protégé en cas de coupure : à traiter en priorité haute.</p>
<h2>Avant de partir</h2>
<ul>
<li>Relever le modèle et la date d'installation dans la fiche du matériel ; vérifier la garantie.</li>
<li>Faire accepter le devis si hors contrat (batterie + une heure de main-d'œuvre).</li>
<li>Prendre la batterie de remplacement <strong>et</strong> un testeur ; prévenir le client que le serveur ne sera pas arrêté.</li>
</ul>
<h2>Sur place</h2>
<ol>
<li>Vérifier dans l'interface de l'onduleur que le test automatique indique « Remplacer la batterie ».</li>
<li>Remplacement à chaud : ouvrir la trappe avant, débrancher le connecteur, échanger la batterie, rebrancher. Ne jamais débrancher l'onduleur du secteur pendant l'opération.</li>
<li>Lancer un autotest, puis un test de coupure de 2 minutes avec le client prévenu.</li>
<li>Relever l'autonomie annoncée et la noter.</li>
</ol>
<pre><code>Compte rendu type :
Batterie remplacée (réf. RBC7), autotest OK, test de coupure 2 min OK.
Autonomie annoncée : 18 min à la charge actuelle. Ancienne batterie reprise pour recyclage.</code></pre>
<h2>Après</h2>
<p>Rapporter l'ancienne batterie au point de collecte de l'agence (jamais à la poubelle), mettre à jour la date de la batterie sur la fiche du matériel et joindre le devis signé au ticket.</p>`,
    },
    en: {
      title: "Technician sheet: replacing a UPS battery",
      slug: "technician-sheet-ups-battery",
      summary: "Field team only: preparation, hot swap, power-cut test and report for a UPS that beeps continuously.",
      bodyHtml: `<p><strong>Internal article.</strong> A UPS beeping continuously with a red light almost always means a battery at the end of its life (3 to 5 years). The server is no longer protected against power cuts: treat as high priority.</p>
<h2>Before leaving</h2>
<ul>
<li>Note the model and installation date from the equipment record; check the warranty.</li>
<li>Get the quote accepted if out of contract (battery + one hour of labour).</li>
<li>Take the replacement battery <strong>and</strong> a tester; tell the customer the server will not be stopped.</li>
</ul>
<h2>On site</h2>
<ol>
<li>Check in the UPS interface that the self-test says "Replace battery".</li>
<li>Hot swap: open the front panel, unplug the connector, swap the battery, plug back in. Never unplug the UPS from the mains during the operation.</li>
<li>Run a self-test, then a 2-minute power-cut test with the customer warned.</li>
<li>Note the runtime shown.</li>
</ol>
<pre><code>Sample report:
Battery replaced (ref. RBC7), self-test OK, 2-min power-cut test OK.
Runtime shown: 18 min at current load. Old battery taken back for recycling.</code></pre>
<h2>Afterwards</h2>
<p>Bring the old battery to the branch's collection point (never the bin), update the battery date on the equipment record and attach the signed quote to the ticket.</p>`,
    },
  },

  // ───────────────────────────── Utiliser l'espace client ─────────────────────────────
  {
    key: "follow-request",
    category: "portal",
    visibility: "public",
    state: "published",
    author: "admin@comptoir.test",
    writtenDaysAgo: 72,
    reviewEveryMonths: 12,
    fr: {
      title: "Suivre vos demandes et nous répondre depuis l'espace client",
      slug: "suivre-vos-demandes",
      summary: "Les états d'une demande, répondre ou ajouter un fichier, rouvrir une demande résolue et noter notre intervention.",
      bodyHtml: `<p>La page d'accueil de l'espace client liste vos demandes, les plus récentes en premier. Les responsables désignés par votre société voient aussi celles de leurs collègues.</p>
<h2>Les états d'une demande</h2>
<table>
<thead><tr><th>État</th><th>Ce que cela veut dire</th></tr></thead>
<tbody>
<tr><td>Nouvelle</td><td>Reçue, pas encore prise en charge</td></tr>
<tr><td>En cours</td><td>Un technicien s'en occupe</td></tr>
<tr><td>En attente de votre réponse</td><td>Nous avons besoin d'une information de votre part</td></tr>
<tr><td>En pause</td><td>Nous attendons une pièce, un fournisseur ou un rendez-vous</td></tr>
<tr><td>Résolue</td><td>Nous pensons le problème réglé ; vous pouvez encore répondre</td></tr>
<tr><td>Fermée</td><td>Archivée ; écrivez-nous une nouvelle demande si besoin</td></tr>
</tbody>
</table>
<h2>Répondre et ajouter un fichier</h2>
<p>Ouvrez la demande, écrivez votre message en bas de la page et joignez vos fichiers si besoin. Une demande « En attente de votre réponse » repasse « En cours » dès que vous répondez.</p>
<h2>Rouvrir une demande résolue</h2>
<p>Si le problème revient, répondez à la demande résolue pendant le délai indiqué sur la page : elle est rouverte automatiquement. Au-delà, envoyez une nouvelle demande en rappelant l'ancien numéro.</p>
<h2>Noter notre intervention</h2>
<p>À la résolution, un e-mail vous propose de noter notre réponse. Votre avis, même court, est lu par l'équipe et le responsable du support.</p>`,
    },
    en: {
      title: "Following your requests and replying from the customer portal",
      slug: "following-your-requests",
      summary: "A request's states, replying or adding a file, reopening a solved request and rating our work.",
      bodyHtml: `<p>The customer portal's home page lists your requests, newest first. Contacts your company named as managers also see their colleagues' requests.</p>
<h2>A request's states</h2>
<table>
<thead><tr><th>State</th><th>What it means</th></tr></thead>
<tbody>
<tr><td>New</td><td>Received, not yet picked up</td></tr>
<tr><td>Open</td><td>A technician is on it</td></tr>
<tr><td>Waiting for your reply</td><td>We need some information from you</td></tr>
<tr><td>On hold</td><td>We are waiting for a part, a supplier or an appointment</td></tr>
<tr><td>Solved</td><td>We think the problem is fixed; you can still reply</td></tr>
<tr><td>Closed</td><td>Archived; send us a new request if needed</td></tr>
</tbody>
</table>
<h2>Replying and adding a file</h2>
<p>Open the request, write your message at the bottom of the page and attach files if needed. A request "Waiting for your reply" goes back to "Open" as soon as you reply.</p>
<h2>Reopening a solved request</h2>
<p>If the problem comes back, reply to the solved request within the time shown on the page: it reopens automatically. After that, send a new request quoting the old number.</p>
<h2>Rating our work</h2>
<p>When a request is solved, an email invites you to rate our answer. Your opinion, however short, is read by the team and the support manager.</p>`,
    },
  },
  {
    key: "colleague-access",
    category: "portal",
    visibility: "public",
    state: "draft",
    author: "admin@comptoir.test",
    writtenDaysAgo: 5,
    reviewEveryMonths: null,
    fr: {
      title: "Donner à un responsable la vue sur les demandes de ses collègues",
      slug: "vue-responsable-demandes-collegues",
      summary: "Comment un dirigeant ou un responsable peut suivre toutes les demandes de sa société dans l'espace client.",
      bodyHtml: `<p>Par défaut, chaque personne ne voit dans l'espace client que ses propres demandes. Un contact désigné comme <strong>responsable</strong> de sa société voit en plus celles de tous ses collègues, peut y répondre et suivre les interventions.</p>
<h2>Demander l'accès responsable</h2>
<p>La demande doit venir du dirigeant de la société, ou d'un responsable déjà désigné. Indiquez-nous le nom et l'adresse e-mail de la personne : l'accès est ouvert dans la journée.</p>
<h2>Ce que voit un responsable</h2>
<ul>
<li>Toutes les demandes de la société, avec leur état et leur demandeur.</li>
<li>Les échanges publics (jamais les notes internes de notre équipe).</li>
<li>Les comptes rendus d'intervention.</li>
</ul>
<p>Pour retirer l'accès, écrivez-nous simplement : il est fermé immédiatement.</p>`,
    },
    en: {
      title: "Letting a manager see their colleagues' requests",
      slug: "manager-view-of-colleagues-requests",
      summary: "How a company head or manager can follow every request from their company in the customer portal.",
      bodyHtml: `<p>By default each person sees only their own requests in the customer portal. A contact named as their company's <strong>manager</strong> also sees all their colleagues' requests, can reply to them and follow interventions.</p>
<h2>Asking for manager access</h2>
<p>The request must come from the company's head, or from a manager already named. Give us the person's name and email address: access is opened within the day.</p>
<h2>What a manager sees</h2>
<ul>
<li>Every request from the company, with its state and requester.</li>
<li>Public exchanges (never our team's internal notes).</li>
<li>Intervention reports.</li>
</ul>
<p>To remove the access, just write to us: it is closed at once.</p>`,
    },
  },
];
