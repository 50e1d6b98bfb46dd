/**
 * The French (and a little English) material of the demo workspace: people, companies,
 * ticket subjects and message snippets. The logic that assembles them lives in
 * demo-workspace.ts. The workspace plays a French SME that sells, installs and maintains
 * software and equipment (cash registers, printers, networks, accounting software...).
 *
 * Placeholders filled per ticket: {facture} invoice number, {devis} quote number,
 * {err} printer error code, {n} a 4-digit number, {phone} the requester's phone,
 * {other} the other technician (notes only).
 */

import type { CompanySector, TicketPriority, TicketType } from "../../app/domain/helpdesk/ticket-vocabulary.ts";

export type GroupKey = "n1" | "n2" | "service";
export type Gender = "f" | "m";
export type CompanySize = "1-9" | "10-49" | "50-249" | "250+";

// ───────────────────────────── workspace ─────────────────────────────

export const demoGroups: Record<GroupKey, { name: string; description: string }> = {
  n1: {
    name: "Support N1",
    description: "Premier niveau : accès, logiciels, paramétrage et questions d'utilisation, traités à distance.",
  },
  n2: {
    name: "Support N2 / Terrain",
    description: "Techniciens de terrain : pannes matérielles, réseau, installations et interventions sur site.",
  },
  service: {
    name: "Service client",
    description: "Réclamations, facturation, contrats, devis et demandes d'information.",
  },
};

export const demoTags = ["imprimante", "facturation", "réseau", "logiciel", "urgent-client", "garantie"] as const;
export type DemoTag = (typeof demoTags)[number];

// ───────────────────────────── companies ─────────────────────────────

export interface DemoCompany {
  name: string;
  sector: CompanySector;
  size: CompanySize;
  domain: string;
  street: string;
  postalCode: string;
  city: string;
  phone: string;
  /** false: nobody owns the account yet. */
  owned: boolean;
  /** How many contacts work there (57 in all, plus the independents). */
  contacts: 2 | 3;
  notes?: string;
  /** The boss's title when the generic ones do not fit, [masculine, feminine]. */
  bossTitle?: [string, string];
  /** The first contact may follow every ticket of the company in the portal. */
  managerContact?: boolean;
}

export const demoCompanies: DemoCompany[] = [
  {
    name: "Menuiserie Aubert",
    sector: "industry",
    size: "10-49",
    domain: "menuiserie-aubert.fr",
    street: "14 rue des Artisans",
    postalCode: "49300",
    city: "Cholet",
    phone: "+33 2 41 62 18 40",
    owned: true,
    contacts: 3,
    notes: "Contrat de maintenance Premium depuis 2021. Atelier et bureaux sur le même site.",
  },
  {
    name: "Boulangerie Pâtisserie Lemoine",
    sector: "commerce",
    size: "1-9",
    domain: "boulangerie-lemoine.fr",
    street: "3 place du Marché",
    postalCode: "21000",
    city: "Dijon",
    phone: "+33 3 80 30 42 17",
    owned: true,
    contacts: 2,
    notes: "Deux caisses et un terminal de paiement. Ouvert le dimanche matin.",
  },
  {
    name: "Cabinet comptable Roux & Associés",
    sector: "services",
    size: "10-49",
    domain: "roux-associes.fr",
    street: "27 cours Lafayette",
    postalCode: "69003",
    city: "Lyon",
    phone: "+33 4 78 60 25 93",
    owned: true,
    contacts: 3,
    bossTitle: ["Expert-comptable associé", "Experte-comptable associée"],
    notes: "Période fiscale chargée de janvier à mai : prévenir avant toute intervention sur le serveur.",
  },
  {
    name: "Transports Garnier",
    sector: "services",
    size: "50-249",
    domain: "transports-garnier.fr",
    street: "ZA des Grands Champs, 2 rue de l'Industrie",
    postalCode: "44470",
    city: "Carquefou",
    phone: "+33 2 40 52 71 08",
    owned: true,
    contacts: 3,
    managerContact: true,
    notes: "Siège à Carquefou, entrepôt à Saint-Herblain. Imprimantes d'étiquettes sur les quais.",
  },
  {
    name: "Imprimerie du Vercors",
    sector: "industry",
    size: "10-49",
    domain: "imprimerie-vercors.fr",
    street: "8 avenue de la Gare",
    postalCode: "38250",
    city: "Villard-de-Lans",
    phone: "+33 4 76 95 12 66",
    owned: true,
    contacts: 3,
  },
  {
    name: "Garage Perrin Automobiles",
    sector: "commerce",
    size: "10-49",
    domain: "garage-perrin.fr",
    street: "112 route de Lyon",
    postalCode: "01000",
    city: "Bourg-en-Bresse",
    phone: "+33 4 74 22 38 51",
    owned: true,
    contacts: 3,
  },
  {
    name: "Pharmacie des Halles",
    sector: "commerce",
    size: "10-49",
    domain: "pharmacie-des-halles.fr",
    street: "5 rue des Halles",
    postalCode: "37000",
    city: "Tours",
    phone: "+33 2 47 05 61 29",
    owned: true,
    contacts: 3,
    bossTitle: ["Pharmacien titulaire", "Pharmacienne titulaire"],
  },
  {
    name: "Fromagerie Chevalier",
    sector: "industry",
    size: "10-49",
    domain: "fromagerie-chevalier.fr",
    street: "Lieu-dit Les Prés Bas",
    postalCode: "25300",
    city: "Pontarlier",
    phone: "+33 3 81 39 14 72",
    owned: false,
    contacts: 3,
    notes: "Prospect converti au salon de Besançon. Pas encore de commercial attitré.",
  },
  {
    name: "Hôtel Le Relais Breton",
    sector: "services",
    size: "10-49",
    domain: "relais-breton.fr",
    street: "18 quai Duguay-Trouin",
    postalCode: "35400",
    city: "Saint-Malo",
    phone: "+33 2 99 40 83 15",
    owned: true,
    contacts: 3,
    notes: "Activité saisonnière : éviter les interventions en juillet et en août.",
  },
  {
    name: "Clinique vétérinaire des Tilleuls",
    sector: "services",
    size: "1-9",
    domain: "veto-tilleuls.fr",
    street: "42 avenue des Tilleuls",
    postalCode: "33600",
    city: "Pessac",
    phone: "+33 5 56 45 27 90",
    owned: false,
    contacts: 2,
    bossTitle: ["Vétérinaire associé", "Vétérinaire associée"],
  },
  {
    name: "Quincaillerie Mercier",
    sector: "commerce",
    size: "1-9",
    domain: "quincaillerie-mercier.fr",
    street: "9 Grande Rue",
    postalCode: "88000",
    city: "Épinal",
    phone: "+33 3 29 82 16 03",
    owned: true,
    contacts: 3,
  },
  {
    name: "Mécanique de Précision Fontaine",
    sector: "industry",
    size: "50-249",
    domain: "mecanique-fontaine.fr",
    street: "15 rue Gustave Eiffel",
    postalCode: "42000",
    city: "Saint-Étienne",
    phone: "+33 4 77 92 43 18",
    owned: true,
    contacts: 3,
    notes: "Travail en 2×8 : le support peut être sollicité dès 6 h du matin.",
  },
  {
    name: "Agence immobilière Duval",
    sector: "services",
    size: "1-9",
    domain: "immobilier-duval.fr",
    street: "61 boulevard de la Liberté",
    postalCode: "59000",
    city: "Lille",
    phone: "+33 3 20 57 88 24",
    owned: true,
    contacts: 3,
  },
  {
    name: "Caves Bonnet & Fils",
    sector: "commerce",
    size: "10-49",
    domain: "caves-bonnet.fr",
    street: "7 rue du Château",
    postalCode: "33250",
    city: "Pauillac",
    phone: "+33 5 56 59 03 47",
    owned: true,
    contacts: 3,
    notes: "Négoce de vins, forte activité export (Royaume-Uni, Belgique).",
  },
  {
    name: "Laboratoire Cosmétique Morel",
    sector: "industry",
    size: "50-249",
    domain: "labo-morel.fr",
    street: "12 chemin des Parfumeurs",
    postalCode: "06130",
    city: "Grasse",
    phone: "+33 4 93 36 71 52",
    owned: false,
    contacts: 3,
  },
  {
    name: "Cabinet d'architectes Lambert",
    sector: "services",
    size: "1-9",
    domain: "lambert-architectes.fr",
    street: "4 rue Saint-Jean",
    postalCode: "14000",
    city: "Caen",
    phone: "+33 2 31 86 20 11",
    owned: true,
    contacts: 3,
    bossTitle: ["Architecte associé", "Architecte associée"],
  },
  {
    name: "Supermarché Rousseau",
    sector: "commerce",
    size: "50-249",
    domain: "supermarche-rousseau.fr",
    street: "2 avenue du Général de Gaulle",
    postalCode: "64100",
    city: "Bayonne",
    phone: "+33 5 59 25 64 80",
    owned: true,
    contacts: 3,
    notes: "Huit caisses, deux balances connectées. Ouvert 7 jours sur 7.",
  },
  {
    name: "Groupe Blanchard Industries",
    sector: "industry",
    size: "250+",
    domain: "blanchard-industries.fr",
    street: "1 rue de l'Usine",
    postalCode: "68100",
    city: "Mulhouse",
    phone: "+33 3 89 45 90 00",
    owned: true,
    contacts: 3,
    managerContact: true,
    notes: "Filiale d'un groupe britannique : certains interlocuteurs écrivent en anglais.",
  },
  {
    name: "Auto-école Faure",
    sector: "services",
    size: "1-9",
    domain: "autoecole-faure.fr",
    street: "23 boulevard Gergovia",
    postalCode: "63000",
    city: "Clermont-Ferrand",
    phone: "+33 4 73 91 55 36",
    owned: false,
    contacts: 2,
  },
  {
    name: "Opticiens Gauthier",
    sector: "commerce",
    size: "10-49",
    domain: "opticiens-gauthier.fr",
    street: "36 rue de la Loge",
    postalCode: "34000",
    city: "Montpellier",
    phone: "+33 4 67 60 72 19",
    owned: false,
    contacts: 3,
  },
];

// ───────────────────────────── people ─────────────────────────────

export const femaleFirstNames = [
  "Élodie", "Céline", "Hélène", "Anaïs", "Chloé", "Aurélie", "Sandrine", "Émilie", "Léa", "Inès",
  "Manon", "Véronique", "Sylvie", "Agnès", "Mélanie", "Béatrice", "Laëtitia", "Noémie", "Maëlle", "Océane",
  "Gaëlle", "Valérie", "Isabelle", "Françoise", "Stéphanie", "Joëlle", "Marion", "Pauline", "Margaux",
];

export const maleFirstNames = [
  "François", "Jérôme", "Sébastien", "Stéphane", "Cédric", "Grégoire", "Benoît", "Hervé", "Frédéric", "Loïc",
  "Jérémy", "Raphaël", "Mathéo", "Gaël", "Noël", "Joël", "Régis", "Thierry", "Olivier", "Pascal",
  "Didier", "Yannick", "Maxime", "Nicolas", "Antoine", "Rémi", "Aurélien", "Clément", "Jean-Marc",
];

export const lastNames = [
  "Bérard", "Chéron", "Crépin", "Després", "Delaunay", "Fournier", "Hébert", "Jégou", "Lacroix", "Lemaître",
  "Ménard", "Nédélec", "Pélissier", "Prévost", "Séguin", "Thébault", "Bouvier", "Carré", "Barbier", "Boyer",
  "Brun", "Caron", "Collin", "Denis", "Dupré", "Émery", "Fabre", "Gaillard", "Guérin", "Hamon",
  "Joly", "Lebrun", "Le Goff", "Marchand", "Meunier", "Noël", "Olivier", "Poirier", "Renaud", "Rivière",
  "Roche", "Schmitt", "Tessier", "Vasseur", "Vidal", "Weber", "Besnard", "Clément", "Desmarais", "Ferré",
  "Gomez", "Huet", "Leclerc", "Maréchal", "Pasquier", "Royer", "Texier", "Benoît",
];

/** Job titles as [masculine, feminine]: the boss, the office, the operations of a company. */
export const bossTitles: Array<[string, string]> = [
  ["Gérant", "Gérante"],
  ["Directeur général", "Directrice générale"],
  ["Président", "Présidente"],
];
export const officeTitles: Array<[string, string]> = [
  ["Comptable", "Comptable"],
  ["Responsable administratif et financier", "Responsable administrative et financière"],
  ["Assistant de direction", "Assistante de direction"],
  ["Chargé d'accueil", "Chargée d'accueil"],
  ["Secrétaire", "Secrétaire"],
];
export const operationsTitles: Record<CompanySector, Array<[string, string]>> = {
  industry: [
    ["Responsable de production", "Responsable de production"],
    ["Chef d'atelier", "Cheffe d'atelier"],
    ["Responsable informatique", "Responsable informatique"],
    ["Responsable qualité", "Responsable qualité"],
  ],
  commerce: [
    ["Responsable de magasin", "Responsable de magasin"],
    ["Vendeur", "Vendeuse"],
    ["Responsable des achats", "Responsable des achats"],
    ["Adjoint de direction", "Adjointe de direction"],
  ],
  services: [
    ["Responsable informatique", "Responsable informatique"],
    ["Office manager", "Office manager"],
    ["Collaborateur", "Collaboratrice"],
    ["Responsable d'exploitation", "Responsable d'exploitation"],
  ],
};

/** Contacts written as they are: the English speakers and the people without a company. */
export interface FixedContact {
  first: string;
  last: string;
  gender: Gender;
  jobTitle: string;
  language: "fr" | "en";
  /** A company of demoCompanies by name (takes that company's last contact slot), or a personal address. */
  company?: string;
  personalEmail?: string;
}

export const fixedContacts: FixedContact[] = [
  { first: "James", last: "Whitaker", gender: "m", jobTitle: "Operations Director", language: "en", company: "Groupe Blanchard Industries" },
  { first: "Sarah", last: "Mitchell", gender: "f", jobTitle: "Export Manager", language: "en", company: "Caves Bonnet & Fils" },
  { first: "Daniel", last: "O'Connor", gender: "m", jobTitle: "Chambres d'hôtes (gérant)", language: "en", personalEmail: "daniel.oconnor.dordogne@gmail.com" },
  { first: "Ginette", last: "Pons", gender: "f", jobTitle: "Fleuriste (auto-entrepreneuse)", language: "fr", personalEmail: "ginette.pons@orange.fr" },
  { first: "Marc-Antoine", last: "Lévêque", gender: "m", jobTitle: "Plombier chauffagiste (artisan)", language: "fr", personalEmail: "ma.leveque.plomberie@gmail.com" },
];

/** How consent was collected: the codes of app/domain/customers/customer-vocabulary.ts. */
export const consentSources = ["web_form", "trade_show", "import"] as const;

// ───────────────────────────── tickets ─────────────────────────────

export interface TicketTemplate {
  subject: string;
  type: TicketType;
  group: GroupKey;
  priority: TicketPriority;
  tags: DemoTag[];
  /** The customer's first message. */
  request: string;
  /** Our first public answer: a diagnosis or a question. */
  reply: string;
  /** The customer's answer to it. */
  customerReply: string;
  /** The public answer that solves the ticket. */
  resolution: string;
}

export const frenchTemplates: TicketTemplate[] = [
  // ── Support N1: software, access, settings ──
  {
    subject: "Accès au logiciel de caisse impossible depuis ce matin",
    type: "incident",
    group: "n1",
    priority: "high",
    tags: ["logiciel"],
    request:
      "Depuis ce matin, impossible d'ouvrir le logiciel de caisse sur le poste principal : le message « Licence introuvable » s'affiche au démarrage. Nous encaissons avec le terminal de secours en attendant, mais cela ralentit beaucoup le service.",
    reply:
      "Ce message apparaît en général lorsque le service de licence n'a pas redémarré après une mise à jour de Windows. Pourriez-vous redémarrer complètement le poste et nous dire si le message persiste ? Si c'est le cas, nous prendrons la main à distance.",
    customerReply: "Nous avons redémarré le poste, le message est toujours là. Vous pouvez prendre la main quand vous voulez, le poste reste allumé.",
    resolution:
      "Nous avons relancé le service de licence et réactivé votre clé depuis notre serveur : le logiciel de caisse démarre de nouveau normalement. N'hésitez pas à revenir vers nous si le problème se reproduit.",
  },
  {
    subject: "Mot de passe oublié pour le logiciel de gestion commerciale",
    type: "other",
    group: "n1",
    priority: "normal",
    tags: ["logiciel"],
    request:
      "Notre responsable des achats a oublié son mot de passe du logiciel de gestion commerciale et son compte est maintenant bloqué après plusieurs tentatives. Pouvez-vous le réinitialiser ?",
    reply:
      "Pour des raisons de sécurité, pourriez-vous nous confirmer l'identifiant exact du compte concerné ? Nous enverrons ensuite un mot de passe temporaire par SMS.",
    customerReply: "L'identifiant est composé des initiales de la personne suivies de « .achats ». Vous pouvez envoyer le SMS sur son portable professionnel.",
    resolution: "Le compte est débloqué et un mot de passe temporaire a été envoyé par SMS. Il devra être changé à la première connexion.",
  },
  {
    subject: "Erreur « Base de données verrouillée » à l'ouverture du logiciel comptable",
    type: "incident",
    group: "n1",
    priority: "high",
    tags: ["logiciel"],
    request:
      "Depuis hier soir, le logiciel comptable affiche « Base de données verrouillée par un autre utilisateur » alors que personne d'autre ne l'utilise. Nous sommes en pleine période de déclarations de TVA.",
    reply:
      "Ce blocage survient souvent après une coupure pendant une sauvegarde : un fichier de verrou reste alors sur le serveur. Pouvez-vous nous indiquer si le serveur a été éteint ou a redémarré hier soir ?",
    customerReply: "Effectivement, il y a eu une coupure de courant vers 19 h. Le serveur a redémarré tout seul.",
    resolution:
      "Nous avons supprimé le fichier de verrou resté sur le serveur et vérifié l'intégrité de la base : aucune donnée n'a été perdue. Nous vous conseillons de brancher le serveur sur un onduleur pour éviter que cela se reproduise.",
  },
  {
    subject: "Mise à jour du logiciel de caisse bloquée à 45 %",
    type: "incident",
    group: "n1",
    priority: "normal",
    tags: ["logiciel"],
    request:
      "La mise à jour proposée ce matin par le logiciel de caisse reste bloquée à 45 % depuis plus d'une heure. Je n'ose pas éteindre le poste. Que dois-je faire ?",
    reply:
      "N'éteignez surtout pas le poste pour l'instant. Pourriez-vous nous indiquer le message affiché sous la barre de progression ? Nous vérifions de notre côté l'état du téléchargement.",
    customerReply: "La barre est toujours à 45 % et le message indique « Téléchargement des composants ». Rien n'a bougé depuis tout à l'heure.",
    resolution:
      "Le téléchargement était interrompu par le pare-feu. Nous avons relancé la mise à jour à distance ; elle s'est terminée correctement et la caisse fonctionne en version 8.4.",
  },
  {
    subject: "Export FEC impossible pour la clôture de l'exercice",
    type: "incident",
    group: "n1",
    priority: "high",
    tags: ["logiciel"],
    request:
      "Notre expert-comptable nous demande le fichier des écritures comptables (FEC) pour la clôture, mais l'export s'arrête avec le message « Écriture non équilibrée ». Nous devons lui transmettre le fichier avant la fin de la semaine.",
    reply:
      "Le FEC ne peut être généré que si toutes les écritures de l'exercice sont équilibrées. Pourriez-vous lancer le contrôle de cohérence (menu Outils > Contrôles) et nous transmettre la liste des anomalies ?",
    customerReply: "Le contrôle signale deux écritures du journal de banque. Je ne sais pas comment les corriger sans tout casser.",
    resolution:
      "Nous avons corrigé avec vous les deux écritures de banque lors de la prise en main à distance ; l'export FEC s'est ensuite déroulé sans erreur. Le fichier est enregistré dans le dossier Exports de votre serveur.",
  },
  {
    subject: "Lenteurs importantes sur le logiciel de gestion depuis la mise à jour",
    type: "incident",
    group: "n1",
    priority: "normal",
    tags: ["logiciel"],
    request:
      "Depuis la dernière mise à jour, chaque ouverture de fiche article prend une dizaine de secondes. Toute l'équipe est concernée, ce qui nous fait perdre beaucoup de temps.",
    reply:
      "Merci pour ce signalement. Pourriez-vous nous préciser combien de postes sont concernés et si les lenteurs apparaissent aussi directement sur le serveur ?",
    customerReply: "Les cinq postes sont concernés, et sur le serveur c'est aussi lent. C'est pire en fin de matinée.",
    resolution:
      "La mise à jour avait désactivé la réindexation automatique de la base. Nous l'avons relancée et planifiée chaque nuit : l'ouverture des fiches est revenue à moins d'une seconde.",
  },
  {
    subject: "Messagerie Outlook : les courriels ne partent plus",
    type: "incident",
    group: "n1",
    priority: "high",
    tags: ["logiciel"],
    request: "Depuis ce matin, nos courriels restent bloqués dans la boîte d'envoi d'Outlook sur tous les postes. La réception fonctionne normalement.",
    reply:
      "Il semble que le serveur d'envoi refuse l'authentification. Avez-vous changé récemment le mot de passe de la messagerie, ou reçu un message de votre fournisseur ?",
    customerReply: "Oui, nous avons changé le mot de passe vendredi à la suite d'une alerte de sécurité de notre fournisseur.",
    resolution:
      "Nous avons mis à jour le mot de passe dans les paramètres d'envoi de chaque poste. Les messages en attente sont partis et l'envoi fonctionne de nouveau.",
  },
  {
    subject: "Création d'un compte utilisateur pour une nouvelle salariée",
    type: "other",
    group: "n1",
    priority: "normal",
    tags: [],
    request:
      "Une nouvelle assistante arrive lundi prochain. Pourriez-vous lui créer un compte sur le logiciel de gestion et une adresse de messagerie ? Elle aura les mêmes droits que sa collègue de l'accueil.",
    reply:
      "Bien noté. Pourriez-vous nous communiquer ses nom et prénom exacts, ainsi que le nom de la collègue dont elle doit reprendre les droits ?",
    customerReply: "Il s'agit de Mme Laura Petit ; elle reprend les mêmes droits que notre chargée d'accueil.",
    resolution:
      "Le compte et l'adresse de messagerie sont créés. Les identifiants provisoires vous ont été transmis séparément ; ils devront être changés à la première connexion.",
  },
  {
    subject: "Question sur la sauvegarde automatique des données",
    type: "information",
    group: "n1",
    priority: "low",
    tags: [],
    request:
      "Pouvez-vous nous confirmer que nos données sont bien sauvegardées chaque nuit, et combien de temps les sauvegardes sont conservées ? C'est une question de notre assureur.",
    reply:
      "Votre contrat comprend une sauvegarde quotidienne chiffrée, conservée 30 jours, ainsi qu'une sauvegarde mensuelle conservée un an. Souhaitez-vous une attestation écrite pour votre assureur ?",
    customerReply: "Oui, une attestation nous serait très utile, merci.",
    resolution:
      "L'attestation de sauvegarde est disponible dans votre espace client, rubrique Documents. Elle précise la fréquence et la durée de conservation des sauvegardes.",
  },
  {
    subject: "Le ticket de caisse n'affiche plus le numéro de TVA",
    type: "incident",
    group: "n1",
    priority: "normal",
    tags: ["logiciel"],
    request:
      "Un client nous a fait remarquer que notre numéro de TVA intracommunautaire n'apparaît plus en bas des tickets de caisse. Est-ce lié à la dernière mise à jour ?",
    reply:
      "Oui, la mise à jour a réinitialisé le modèle de ticket sur certaines installations. Pouvez-vous nous confirmer que le numéro figure bien dans la fiche société (Paramètres > Société) ?",
    customerReply: "Le numéro est bien renseigné dans la fiche société.",
    resolution:
      "Nous avons restauré votre modèle de ticket personnalisé : le numéro de TVA, le SIRET et votre message de fin apparaissent de nouveau.",
  },
  {
    subject: "Antivirus : alerte de licence expirée sur trois postes",
    type: "incident",
    group: "n1",
    priority: "normal",
    tags: ["logiciel"],
    request:
      "Trois postes affichent une alerte « Licence expirée » de l'antivirus depuis ce matin. Les autres ne sont pas concernés. Sommes-nous toujours protégés ?",
    reply:
      "Les postes restent protégés quelques jours après l'échéance, mais il faut régulariser rapidement. Pouvez-vous nous indiquer le nom des trois postes concernés ?",
    customerReply: "Il s'agit des postes COMPTA-01, ACCUEIL et ATELIER-2.",
    resolution:
      "Ces trois postes étaient restés sur l'ancienne clé. Nous les avons rattachés à votre licence en cours, valable encore onze mois ; les alertes ont disparu.",
  },
  {
    subject: "Synchronisation des stocks avec le site internet en échec",
    type: "incident",
    group: "n1",
    priority: "high",
    tags: ["logiciel"],
    request:
      "Depuis deux jours, les stocks du site internet ne sont plus mis à jour depuis le logiciel de gestion. Nous avons vendu en ligne des articles qui n'étaient plus disponibles en magasin.",
    reply:
      "Le connecteur de synchronisation signale une erreur d'authentification avec votre boutique en ligne. Avez-vous modifié récemment la clé d'accès à l'API du site ?",
    customerReply: "Notre agence web est effectivement intervenue sur le site en début de semaine. Je leur demande la nouvelle clé.",
    resolution:
      "Nous avons renseigné la nouvelle clé d'API dans le connecteur et relancé une synchronisation complète : les stocks du site sont de nouveau à jour.",
  },
  {
    subject: "Comment paramétrer des remises par quantité ?",
    type: "information",
    group: "n1",
    priority: "low",
    tags: ["logiciel"],
    request:
      "Nous voudrions appliquer une remise de 5 % à partir de 10 articles achetés et de 10 % à partir de 50. Est-ce possible dans le logiciel, et comment faire ?",
    reply:
      "C'est tout à fait possible avec les grilles de remise (Articles > Tarifs > Remises par quantité). Souhaitez-vous que nous vous guidions lors d'une courte session à distance ?",
    customerReply: "Oui, volontiers. Je suis disponible jeudi après-midi.",
    resolution:
      "Comme convenu lors de la session, la grille de remise par quantité est en place et s'applique aux familles d'articles choisies. La fiche pratique correspondante est dans votre espace client.",
  },
  {
    subject: "Impossible de se connecter au portail client",
    type: "incident",
    group: "n1",
    priority: "normal",
    tags: [],
    request:
      "Je n'arrive plus à me connecter au portail client : le site indique « identifiants incorrects » alors que mon mot de passe n'a pas changé.",
    reply:
      "Votre compte a été verrouillé après plusieurs tentatives. Nous l'avons déverrouillé : pouvez-vous réessayer et, si besoin, utiliser le lien « Mot de passe oublié » ?",
    customerReply: "J'ai réessayé, mais le message de réinitialisation n'arrive pas dans ma boîte de réception.",
    resolution:
      "Le message de réinitialisation était bloqué par votre filtre anti-spam. Nous avons fait ajouter notre adresse d'envoi à la liste autorisée et vous avez pu vous reconnecter.",
  },
  {
    subject: "Doublons dans le fichier clients après l'import",
    type: "incident",
    group: "n1",
    priority: "normal",
    tags: ["logiciel"],
    request:
      "Après l'import de notre fichier de prospects, de nombreux clients apparaissent en double dans le logiciel. Peut-on annuler l'import ou fusionner les fiches ?",
    reply:
      "Un import peut être annulé s'il date de moins de 7 jours. Pouvez-vous nous préciser la date de l'import et le nombre de lignes du fichier ?",
    customerReply: "L'import a été fait mardi, le fichier comptait environ 800 lignes.",
    resolution:
      "Nous avons annulé l'import puis l'avons relancé avec la détection des doublons sur l'adresse e-mail et le SIRET. Votre fichier clients est propre : 612 nouvelles fiches, aucun doublon.",
  },

  // ── Support N2 / Terrain: hardware, network, on-site work ──
  {
    subject: "Imprimante bloquée en erreur {err}",
    type: "incident",
    group: "n2",
    priority: "normal",
    tags: ["imprimante"],
    request: "L'imprimante du secrétariat affiche l'erreur {err} et refuse toute impression. Nous l'avons éteinte et rallumée, sans succès.",
    reply:
      "Cette erreur concerne généralement l'unité de fusion. Pouvez-vous nous communiquer le numéro de série (étiquette à l'arrière de l'appareil) et le compteur de pages ?",
    customerReply: "Le numéro de série est CNB8K4{n}. Le compteur affiche un peu plus de 98 000 pages.",
    resolution:
      "Notre technicien a remplacé l'unité de fusion sur place. L'imprimante fonctionne de nouveau ; une page de test a été imprimée en votre présence.",
  },
  {
    subject: "Photocopieur du 1er étage : bourrages papier à répétition",
    type: "incident",
    group: "n2",
    priority: "normal",
    tags: ["imprimante"],
    request:
      "Le photocopieur du premier étage fait des bourrages papier presque à chaque impression recto verso. Nous avons changé de ramette, sans amélioration.",
    reply:
      "Les rouleaux d'entraînement du module recto verso sont probablement usés. Nous pouvons passer les remplacer : quelles sont vos disponibilités cette semaine ?",
    customerReply: "Jeudi matin nous conviendrait, à partir de 9 h.",
    resolution:
      "Les rouleaux du module recto verso ont été remplacés lors du passage de notre technicien. Plus aucun bourrage constaté sur une série de 200 copies.",
  },
  {
    subject: "Imprimante d'étiquettes : impression décalée",
    type: "incident",
    group: "n2",
    priority: "normal",
    tags: ["imprimante"],
    request:
      "Les étiquettes d'expédition s'impriment décalées d'environ un centimètre vers le bas : le code-barres est coupé et le transporteur ne peut plus le lire.",
    reply:
      "Il s'agit souvent d'un capteur d'étiquettes mal calibré. Pouvez-vous lancer un calibrage en maintenant le bouton « Feed » appuyé pendant 5 secondes ?",
    customerReply: "J'ai fait le calibrage, c'est mieux mais il reste un léger décalage.",
    resolution:
      "Nous avons ajusté la position de départ dans le pilote d'impression et recalibré le capteur à distance. Les étiquettes sortent désormais parfaitement centrées.",
  },
  {
    subject: "Plus de connexion internet dans l'atelier",
    type: "incident",
    group: "n2",
    priority: "urgent",
    tags: ["réseau"],
    request:
      "Plus aucune connexion internet dans l'atelier depuis 8 h ce matin, alors que les bureaux fonctionnent. Nous ne recevons plus les commandes sur les postes de l'atelier.",
    reply:
      "Le switch de l'atelier ne répond plus à notre supervision. Pouvez-vous vérifier si ses voyants sont allumés (boîtier gris dans l'armoire près de la porte) ?",
    customerReply: "Aucun voyant allumé sur le boîtier. La prise semble pourtant alimentée.",
    resolution:
      "Le bloc d'alimentation du switch était hors service. Notre technicien l'a remplacé sur place et tous les postes de l'atelier ont retrouvé la connexion.",
  },
  {
    subject: "Borne Wi-Fi de la salle de réunion hors service",
    type: "incident",
    group: "n2",
    priority: "normal",
    tags: ["réseau"],
    request:
      "La borne Wi-Fi de la salle de réunion clignote en rouge et plus personne ne peut s'y connecter. Nous avons un rendez-vous client important jeudi.",
    reply:
      "La borne semble avoir perdu sa configuration après une coupure de courant. Nous tentons de la réinitialiser à distance ; si cela ne suffit pas, un technicien passera avant jeudi.",
    customerReply: "Merci. La borne clignote toujours en rouge ce matin.",
    resolution:
      "La borne était défectueuse : notre technicien l'a remplacée et reconfigurée sur place. Le Wi-Fi de la salle de réunion fonctionne, y compris le réseau invités.",
  },
  {
    subject: "Terminal de paiement : transactions refusées par intermittence",
    type: "incident",
    group: "n2",
    priority: "urgent",
    tags: [],
    request:
      "Notre terminal de paiement refuse environ une transaction sur trois avec le message « Erreur de communication ». C'est une journée de forte affluence et les clients s'impatientent.",
    reply:
      "Le terminal passe par votre box internet. Pouvez-vous le rapprocher de la box ou le brancher en filaire pour vérifier si les refus continuent ?",
    customerReply: "Nous l'avons branché en filaire, c'est mieux mais il y a encore eu deux refus.",
    resolution:
      "Nous vous avons prêté un terminal de remplacement le temps d'échanger la base défectueuse. Les paiements passent de nouveau sans erreur.",
  },
  {
    subject: "Installation d'un nouveau poste de travail à l'accueil",
    type: "other",
    group: "n2",
    priority: "normal",
    tags: [],
    request:
      "Nous avons reçu le nouvel ordinateur commandé pour l'accueil. Pouvez-vous prévoir son installation (logiciels, imprimante, messagerie) ?",
    reply:
      "Volontiers. L'installation prend environ une demi-journée. Nous vous proposons mardi matin ou mercredi après-midi : quel créneau vous convient ?",
    customerReply: "Mardi matin, c'est parfait.",
    resolution:
      "Le poste de l'accueil est installé : logiciels, imprimante, messagerie et sauvegarde sont configurés. L'ancien poste a été effacé de façon sécurisée, comme convenu.",
  },
  {
    subject: "Serveur NAS : voyant orange et disque signalé défaillant",
    type: "incident",
    group: "n2",
    priority: "high",
    tags: ["garantie"],
    request:
      "Le serveur de fichiers (NAS) affiche un voyant orange et nous a envoyé un message indiquant que le disque 2 est défaillant. Nos données sont-elles en danger ?",
    reply:
      "Vos données restent accessibles grâce au second disque, mais il faut remplacer le disque défaillant rapidement. Il est encore sous garantie : nous lançons l'échange.",
    customerReply: "Merci pour votre réactivité. Faut-il éteindre le serveur en attendant ?",
    resolution: "Le disque a été remplacé sous garantie et la reconstruction de la grappe s'est terminée cette nuit. Le NAS est de nouveau en état normal.",
  },
  {
    subject: "Écran du poste de caisse qui clignote",
    type: "incident",
    group: "n2",
    priority: "normal",
    tags: ["garantie"],
    request:
      "L'écran tactile de la caisse clignote depuis quelques jours, de plus en plus souvent. Il devient parfois complètement noir pendant plusieurs secondes.",
    reply:
      "Cela ressemble à un défaut de la dalle. L'écran a été installé il y a moins de deux ans : il est encore sous garantie. Pouvez-vous nous confirmer l'adresse de livraison pour l'échange ?",
    customerReply: "L'adresse est celle du magasin. Nous sommes ouverts de 9 h à 19 h.",
    resolution: "Le nouvel écran a été installé et calibré par notre technicien. L'ancien repart chez le fabricant dans le cadre de la garantie.",
  },
  {
    subject: "Demande d'intervention pour le déménagement des bureaux",
    type: "other",
    group: "n2",
    priority: "normal",
    tags: [],
    request:
      "Nous déménageons nos bureaux à la fin du mois, à deux rues d'ici. Pouvez-vous prendre en charge le débranchement et la réinstallation des postes, de l'imprimante et du réseau ?",
    reply:
      "Bien sûr. Pour préparer l'intervention, pourriez-vous nous indiquer la date du déménagement et le nombre de postes à réinstaller ?",
    customerReply: "Le déménagement a lieu le dernier vendredi du mois ; nous avons 8 postes et une imprimante multifonction.",
    resolution:
      "Tout a été réinstallé dans les nouveaux locaux : les 8 postes, l'imprimante multifonction et le réseau. Nous avons vérifié chaque poste avec vos équipes le lundi matin.",
  },
  {
    subject: "Standard téléphonique : les appels n'aboutissent plus",
    type: "incident",
    group: "n2",
    priority: "urgent",
    tags: ["réseau"],
    request: "Nos clients nous signalent qu'ils tombent sur une tonalité occupée quand ils appellent le standard. Les appels sortants fonctionnent.",
    reply:
      "Votre standard n'est plus enregistré auprès de l'opérateur. Pouvez-vous redémarrer le boîtier du standard (dans la baie, étiquette « IPBX ») ?",
    customerReply: "C'est fait, mais les appels entrants ne passent toujours pas.",
    resolution:
      "L'opérateur avait changé l'adresse de son serveur sans préavis. Nous avons mis à jour la configuration de votre standard : les appels entrants aboutissent de nouveau.",
  },
  {
    subject: "Tiroir-caisse qui ne s'ouvre plus automatiquement",
    type: "incident",
    group: "n2",
    priority: "normal",
    tags: [],
    request: "Le tiroir-caisse ne s'ouvre plus à la fin des ventes. Nous devons l'ouvrir avec la clé à chaque fois.",
    reply:
      "Le tiroir est commandé par l'imprimante de tickets. Pouvez-vous vérifier que le petit câble (type prise téléphone) entre l'imprimante et le tiroir est bien branché ?",
    customerReply: "Le câble est bien branché des deux côtés, mais rien ne change.",
    resolution: "Le câble de liaison était sectionné à l'intérieur de la gaine. Notre technicien l'a remplacé : le tiroir s'ouvre de nouveau à chaque encaissement.",
  },
  {
    subject: "Scanner de documents non reconnu après le changement de PC",
    type: "incident",
    group: "n2",
    priority: "low",
    tags: [],
    request:
      "Depuis que nous avons changé l'ordinateur de la comptabilité, le scanner de documents n'est plus reconnu. Il s'allume, mais rien ne se passe quand on lance une numérisation.",
    reply:
      "Il manque certainement le pilote du scanner sur le nouveau poste. Pouvez-vous nous indiquer le modèle exact, inscrit sur le dessus de l'appareil ?",
    customerReply: "C'est un modèle de bureau avec chargeur ; le nom est presque effacé, mais on lit « 7200 ».",
    resolution:
      "Nous avons installé le pilote et le logiciel de numérisation sur le nouveau poste, et recréé le raccourci « Scanner vers dossier Compta ». Tout fonctionne.",
  },
  {
    subject: "Onduleur qui sonne en continu dans la baie",
    type: "incident",
    group: "n2",
    priority: "high",
    tags: [],
    request: "L'onduleur de la baie informatique émet un bip continu depuis ce matin et un voyant rouge est allumé. Le serveur fonctionne toujours.",
    reply:
      "Ce bip indique que la batterie de l'onduleur doit être remplacée : en cas de coupure, le serveur ne serait plus protégé. Nous vous proposons un remplacement rapide.",
    customerReply: "D'accord pour le remplacement. Pouvez-vous nous envoyer le prix avant ?",
    resolution:
      "La batterie de l'onduleur a été remplacée et un test de coupure a été effectué : l'autonomie est de 18 minutes. Le devis signé a été joint à votre dossier.",
  },
  {
    subject: "Badgeuse de l'atelier en panne",
    type: "incident",
    group: "n2",
    priority: "normal",
    tags: ["garantie"],
    request:
      "La badgeuse de l'atelier n'accepte plus les badges depuis lundi : l'écran reste figé sur l'heure. Les salariés notent leurs heures sur papier en attendant.",
    reply:
      "Avez-vous essayé de débrancher la badgeuse pendant une minute ? Si l'écran reste figé, nous procéderons à un échange, l'appareil étant toujours sous garantie.",
    customerReply: "Nous l'avons débranchée, même résultat.",
    resolution:
      "La badgeuse a été échangée sous garantie et les badges des salariés réimportés. Pensez à saisir dans le logiciel les heures notées sur papier pendant la panne.",
  },
  {
    subject: "Câblage réseau pour deux postes supplémentaires",
    type: "other",
    group: "n2",
    priority: "low",
    tags: ["réseau"],
    request:
      "Nous allons installer deux bureaux supplémentaires dans l'ancienne salle d'archives. Pouvez-vous nous faire une proposition pour le câblage réseau ?",
    reply: "Nous passerons faire un relevé sur place pour chiffrer le câblage. Seriez-vous disponibles en début de semaine prochaine ?",
    customerReply: "Lundi après-midi ou mardi matin, comme vous préférez.",
    resolution: "Les deux prises réseau ont été posées, raccordées à la baie et testées. La facture suivra, conformément au devis accepté.",
  },
  {
    subject: "Douchette code-barres qui ne lit plus les étiquettes",
    type: "incident",
    group: "n2",
    priority: "normal",
    tags: ["garantie"],
    request: "La douchette de la caisse 2 ne lit plus aucun code-barres. Le voyant s'allume mais rien ne s'affiche dans le logiciel.",
    reply:
      "Pourriez-vous brancher la douchette sur un autre port USB, ou sur la caisse 1, pour savoir si le problème vient de l'appareil ou du poste ?",
    customerReply: "Sur la caisse 1, la douchette ne fonctionne pas non plus.",
    resolution: "La douchette était défectueuse. Nous vous en avons envoyé une neuve sous garantie, déjà configurée : il suffit de la brancher.",
  },

  // ── Service client: invoices, contracts, quotes, complaints ──
  {
    subject: "Facture n°{facture} : montant erroné",
    type: "complaint",
    group: "service",
    priority: "normal",
    tags: ["facturation"],
    request:
      "La facture n°{facture} que nous avons reçue mentionne deux interventions alors qu'une seule a eu lieu. Merci de nous envoyer une facture corrigée.",
    reply: "Merci pour votre vigilance. Nous vérifions avec le planning des techniciens et revenons vers vous rapidement.",
    customerReply: "Merci. Nous suspendons le règlement en attendant la facture corrigée.",
    resolution:
      "Vous aviez raison : la seconde intervention avait été saisie par erreur. Un avoir a été émis et la facture corrigée est disponible dans votre espace client.",
  },
  {
    subject: "Demande de devis pour la maintenance annuelle",
    type: "information",
    group: "service",
    priority: "normal",
    tags: [],
    request:
      "Notre contrat de maintenance arrive à échéance. Pourriez-vous nous faire un devis pour l'année prochaine, en incluant les deux nouveaux postes ?",
    reply:
      "Avec plaisir. Souhaitez-vous rester sur la formule Essentielle ou passer à la formule Premium, qui inclut les interventions sur site sous 4 heures ?",
    customerReply: "Pouvez-vous nous chiffrer les deux formules ? Nous déciderons en réunion de direction.",
    resolution:
      "Les deux devis (formules Essentielle et Premium) sont disponibles dans votre espace client. Ils sont valables 30 jours ; n'hésitez pas si vous avez des questions.",
  },
  {
    subject: "Prélèvement effectué deux fois ce mois-ci",
    type: "complaint",
    group: "service",
    priority: "high",
    tags: ["facturation"],
    request:
      "Notre banque nous signale deux prélèvements identiques de votre part ce mois-ci pour l'abonnement logiciel. Merci de procéder au remboursement du doublon au plus vite.",
    reply: "Toutes nos excuses pour ce désagrément. Nous avons transmis votre demande au service comptable, qui vérifie les prélèvements du mois.",
    customerReply: "Avez-vous une date pour le remboursement ? C'est une somme importante pour notre trésorerie.",
    resolution:
      "Le doublon est confirmé : le remboursement a été effectué par virement ce jour et apparaîtra sur votre compte sous 48 heures. Encore désolés pour ce contretemps.",
  },
  {
    subject: "Demande de duplicata de facture",
    type: "information",
    group: "service",
    priority: "low",
    tags: ["facturation"],
    request: "Pourriez-vous nous envoyer un duplicata de la facture du mois dernier ? Notre cabinet comptable ne la retrouve pas.",
    reply: "Pouvez-vous nous préciser s'il s'agit de la facture d'abonnement ou de celle de l'intervention sur site ?",
    customerReply: "Il s'agit de la facture de l'intervention sur site.",
    resolution:
      "Le duplicata est disponible dans votre espace client, rubrique Factures ; nous l'avons également envoyé à l'adresse de votre cabinet comptable.",
  },
  {
    subject: "Technicien absent au rendez-vous prévu",
    type: "complaint",
    group: "service",
    priority: "high",
    tags: [],
    request:
      "Nous avions rendez-vous ce matin à 9 h pour l'intervention sur notre serveur. Personne ne s'est présenté et nous n'avons reçu aucun appel, alors que nous avions libéré la salle et prévenu l'équipe.",
    reply:
      "Nous vous présentons toutes nos excuses : le rendez-vous a été mal reporté dans notre planning. Nous pouvons vous proposer un nouveau passage dès demain à 8 h 30.",
    customerReply: "Demain 8 h 30, c'est d'accord. J'espère que cette fois sera la bonne.",
    resolution:
      "L'intervention a bien été réalisée ce matin. En geste commercial, le déplacement ne vous sera pas facturé. Merci pour votre compréhension.",
  },
  {
    subject: "Délai de livraison du matériel commandé",
    type: "information",
    group: "service",
    priority: "normal",
    tags: [],
    request: "Nous avons commandé trois écrans et une imprimante il y a deux semaines. Pouvez-vous nous donner une date de livraison ?",
    reply:
      "Les écrans sont en stock et partent demain. L'imprimante est en réapprovisionnement chez le fabricant, annoncée la semaine prochaine. Souhaitez-vous une livraison groupée ?",
    customerReply: "Oui, une livraison groupée nous arrange, merci.",
    resolution: "Tout le matériel a été livré ce matin et réceptionné par votre accueil. Le bon de livraison est disponible dans votre espace client.",
  },
  {
    subject: "Résiliation du contrat de maintenance",
    type: "other",
    group: "service",
    priority: "normal",
    tags: [],
    request:
      "À la suite de la cession de notre activité, nous souhaitons résilier notre contrat de maintenance à la fin de la période en cours. Merci de nous indiquer la marche à suivre.",
    reply:
      "Nous prenons note de votre demande. La résiliation doit être confirmée par un courrier signé du représentant légal. Pouvez-vous nous l'adresser ?",
    customerReply: "Notre gérant vous a envoyé le courrier signé ce matin par courriel.",
    resolution:
      "Nous confirmons la résiliation de votre contrat à la fin de la période en cours. Vos données restent exportables jusqu'à cette date depuis votre espace client.",
  },
  {
    subject: "Renouvellement du contrat : conditions tarifaires",
    type: "information",
    group: "service",
    priority: "normal",
    tags: ["facturation"],
    request:
      "Nous avons reçu l'avis de renouvellement de notre contrat avec une hausse de 8 %. Pouvez-vous nous expliquer cette augmentation ?",
    reply:
      "La hausse correspond à l'indexation prévue au contrat et à l'ajout de la supervision des sauvegardes. Souhaitez-vous que votre commercial vous rappelle pour en discuter ?",
    customerReply: "Oui, j'aimerais en parler avec lui avant de signer.",
    resolution:
      "Thomas Bernard, votre commercial, vous a proposé de maintenir le tarif actuel en échange d'un engagement de deux ans. Le nouvel avenant est disponible dans votre espace client.",
  },
  {
    subject: "Changement d'adresse de facturation",
    type: "other",
    group: "service",
    priority: "low",
    tags: ["facturation"],
    request: "Notre siège a déménagé. Merci de mettre à jour l'adresse de facturation pour les prochaines factures.",
    reply: "Pourriez-vous nous indiquer la nouvelle adresse complète, ainsi que la date à partir de laquelle elle doit être prise en compte ?",
    customerReply: "La nouvelle adresse figure dans ma signature ; elle est valable dès maintenant.",
    resolution: "L'adresse de facturation est mise à jour : elle figurera sur toutes vos prochaines factures.",
  },
  {
    subject: "Matériel livré incomplet (câbles manquants)",
    type: "complaint",
    group: "service",
    priority: "normal",
    tags: [],
    request: "Nous avons reçu hier les deux imprimantes commandées, mais les câbles réseau et d'alimentation manquent dans l'un des cartons.",
    reply: "Toutes nos excuses. Pouvez-vous nous indiquer le numéro du bon de livraison, pour que nous vérifiions la préparation de la commande ?",
    customerReply: "Le bon de livraison porte le numéro BL-{n}.",
    resolution: "Les câbles manquants ont été expédiés en colis express et livrés ce matin. Merci pour votre patience.",
  },
  {
    subject: "Intervention facturée alors que le matériel est sous garantie",
    type: "complaint",
    group: "service",
    priority: "normal",
    tags: ["facturation", "garantie"],
    request: "Nous avons été facturés pour le remplacement de l'écran de caisse, alors que celui-ci était encore sous garantie. Merci de corriger.",
    reply: "Nous vérifions la date d'achat du matériel et la couverture de la garantie, et revenons vers vous sous 48 heures.",
    customerReply: "L'écran a été acheté il y a un an et demi, et la garantie est de deux ans.",
    resolution: "Vous avez raison : l'écran était couvert par la garantie. La facture a été annulée et un avoir a été émis.",
  },
  {
    subject: "Demande de formation au module de gestion des stocks",
    type: "information",
    group: "service",
    priority: "low",
    tags: [],
    request: "Deux nouvelles personnes vont utiliser le module de gestion des stocks. Proposez-vous des formations, sur site ou à distance ?",
    reply:
      "Nous proposons une formation de deux heures à distance ou une demi-journée sur site. Combien de personnes seraient concernées, et quelles sont vos disponibilités ?",
    customerReply: "Deux personnes, à distance de préférence, plutôt en début de matinée.",
    resolution:
      "La formation à distance est planifiée et l'invitation a été envoyée aux deux participants. Le support de formation sera disponible dans votre espace client.",
  },
  {
    subject: "Devis n°{devis} : demande de précisions",
    type: "information",
    group: "service",
    priority: "normal",
    tags: [],
    request: "Nous avons bien reçu le devis n°{devis}. Pourriez-vous préciser si l'installation et la reprise des données sont comprises dans le prix ?",
    reply: "L'installation est comprise ; la reprise des données est chiffrée à la ligne 4 du devis. Souhaitez-vous que nous détaillions cette ligne ?",
    customerReply: "Oui, pouvez-vous détailler ce que comprend la reprise des données ?",
    resolution:
      "Nous avons ajouté le détail de la reprise (clients, articles, historique des ventes sur trois ans) dans une nouvelle version du devis, disponible dans votre espace client.",
  },
  {
    subject: "Ajout d'une licence utilisateur supplémentaire",
    type: "information",
    group: "service",
    priority: "normal",
    tags: ["logiciel", "facturation"],
    request: "Nous embauchons un nouveau collaborateur et avons besoin d'une licence supplémentaire pour le logiciel de gestion. Quel est le tarif ?",
    reply: "Une licence supplémentaire coûte 18 € HT par mois, sans engagement. Souhaitez-vous que nous l'ajoutions dès maintenant à votre abonnement ?",
    customerReply: "Oui, merci de l'ajouter dès maintenant.",
    resolution: "La licence supplémentaire est activée. Elle apparaîtra sur votre prochaine facture, au prorata du mois en cours.",
  },
  {
    subject: "Mécontentement suite aux coupures répétées",
    type: "complaint",
    group: "service",
    priority: "high",
    tags: [],
    request:
      "C'est la troisième fois ce mois-ci que notre accès au logiciel est coupé en pleine journée. Cette situation n'est plus acceptable pour notre activité et nous attendons des explications.",
    reply:
      "Nous comprenons votre mécontentement et vous présentons nos excuses. Un incident chez notre hébergeur est à l'origine des coupures ; nous vous transmettrons un rapport détaillé.",
    customerReply: "Merci de nous tenir informés. Nous attendons ce rapport, avec des mesures concrètes.",
    resolution:
      "Le rapport d'incident est disponible dans votre espace client. Notre hébergeur a doublé la liaison concernée, et nous vous offrons un mois d'abonnement en compensation.",
  },
  {
    subject: "Attestation de conformité NF525 du logiciel de caisse",
    type: "information",
    group: "service",
    priority: "normal",
    tags: ["logiciel"],
    request:
      "Dans le cadre d'un contrôle fiscal, nous devons fournir l'attestation de conformité de notre logiciel de caisse. Pouvez-vous nous la transmettre ?",
    reply:
      "Bien sûr. Pouvez-vous nous confirmer la version du logiciel installée (menu Aide > À propos), afin que nous vous envoyions le certificat correspondant ?",
    customerReply: "La version installée est la 8.3.",
    resolution: "Le certificat NF525 correspondant à la version 8.3 est disponible dans votre espace client, rubrique Documents.",
  },
  {
    subject: "Suggestion : export des ventes au format Excel",
    type: "other",
    group: "service",
    priority: "low",
    tags: [],
    request:
      "Il serait très pratique de pouvoir exporter le journal des ventes directement au format Excel, pour nos tableaux de bord. Est-ce prévu ?",
    reply:
      "Merci pour cette suggestion. L'export au format CSV, qui s'ouvre dans Excel, est déjà disponible dans Rapports > Ventes. Cela répond-il à votre besoin ?",
    customerReply: "Le CSV nous convient pour l'instant, mais un export Excel direct serait un plus.",
    resolution:
      "Nous avons transmis votre suggestion à l'équipe produit. En attendant, nous avons créé pour vous un modèle d'export CSV avec les colonnes de vos tableaux de bord.",
  },
  {
    subject: "Retour d'une imprimante de tickets sous garantie",
    type: "other",
    group: "service",
    priority: "normal",
    tags: ["garantie", "imprimante"],
    request: "L'imprimante de tickets achetée il y a six mois ne coupe plus le papier. Comment procéder pour le retour sous garantie ?",
    reply: "Nous vous envoyons une étiquette de retour prépayée. Pouvez-vous nous confirmer l'adresse d'enlèvement ?",
    customerReply: "L'enlèvement peut se faire à l'adresse du magasin, aux heures d'ouverture.",
    resolution: "L'imprimante de remplacement a été livrée et le transporteur a récupéré l'appareil défectueux. Merci pour votre patience.",
  },
];

/** Tickets of the English-speaking contacts. */
export const englishTemplates: TicketTemplate[] = [
  {
    subject: "Unable to log in to the customer portal",
    type: "incident",
    group: "n1",
    priority: "normal",
    tags: [],
    request: "I can no longer log in to the customer portal: it says my credentials are invalid, although I have not changed my password.",
    reply: "Your account was locked after several failed attempts. We have unlocked it; could you try again, and use the \"Forgot password\" link if needed?",
    customerReply: "I tried again, but the reset email never arrives.",
    resolution: "The reset email was being caught by your spam filter. We have had our sending address allowed, and you can now log in again.",
  },
  {
    subject: "Invoice {facture}: VAT number missing",
    type: "complaint",
    group: "service",
    priority: "normal",
    tags: ["facturation"],
    request:
      "Our accounts department noticed that invoice {facture} does not show our intra-community VAT number, so they cannot book it. Could you issue a corrected invoice?",
    reply: "Thank you for pointing this out. Could you confirm the VAT number you would like us to add to your account?",
    customerReply: "Our VAT number is FR 42 512 884 317. It should appear on every invoice.",
    resolution: "Your VAT number has been added to your account and a corrected invoice is available in your customer area.",
  },
  {
    subject: "Printer on the second floor shows error {err}",
    type: "incident",
    group: "n2",
    priority: "normal",
    tags: ["imprimante"],
    request: "The printer on the second floor displays error {err} and will not print anything. We have already switched it off and on again.",
    reply: "This error usually relates to the fuser unit. Could you send us the serial number (label on the back of the device) and the page counter?",
    customerReply: "The serial number is CNB8K5{n} and the counter shows about 64,000 pages.",
    resolution: "Our technician replaced the fuser unit on site. The printer works again; a test page was printed in front of your team.",
  },
  {
    subject: "Quote request: annual maintenance contract",
    type: "information",
    group: "service",
    priority: "low",
    tags: [],
    request: "We would like a quote for an annual maintenance contract covering our 12 workstations and the server. Could you send us your options?",
    reply: "With pleasure. Would you prefer our Essential plan, or the Premium plan, which includes on-site interventions within 4 hours?",
    customerReply: "Could you quote both, please? We will decide at our next board meeting.",
    resolution: "Both quotes (Essential and Premium) are available in your customer area. They are valid for 30 days; feel free to contact us with any questions.",
  },
];

export const printerErrorCodes = ["E05", "E13", "E52", "C-2557", "SC542", "E-302"];

// ───────────────────────────── message snippets ─────────────────────────────

export interface Snippets {
  /** The customer chases an unanswered request. */
  relances: string[];
  /** A further question of ours and the customer's answer, used as a pair in longer exchanges ({phone}: the requester's). */
  followUps: Array<{ agent: string; customer: string }>;
  /** We wait for a part, the publisher or an appointment. */
  holds: string[];
  /** The customer thanks us once solved. */
  thanks: string[];
  /** Our last word after the thanks. */
  acknowledgements: string[];
  firstGreetings: string[];
  customerClosings: string[];
  agentClosing: string;
  signature: Record<GroupKey, string>;
}

export const frenchSnippets: Snippets = {
  relances: [
    "Je me permets de relancer ma demande ci-dessous, toujours sans réponse à ce jour. Pourriez-vous nous recontacter rapidement ?",
    "Petite relance : le problème est toujours d'actualité et commence à sérieusement nous gêner.",
    "Avez-vous pu prendre connaissance de notre demande ? Nous attendons votre retour pour avancer.",
    "Je reviens vers vous car nous n'avons toujours pas de nouvelles. Quelqu'un peut-il nous rappeler ?",
  ],
  followUps: [
    {
      agent: "Merci pour ces éléments. Pourriez-vous nous indiquer un créneau où nous pourrions vous appeler pour faire le point ensemble ?",
      customer: "Vous pouvez m'appeler demain matin entre 9 h et 11 h, au {phone}.",
    },
    {
      agent: "Pour compléter votre dossier, pourriez-vous nous indiquer le numéro de téléphone direct de la personne à contacter sur place ?",
      customer: "Vous pouvez me joindre directement au {phone}.",
    },
    {
      agent: "Merci. Pouvez-vous nous confirmer que la solution proposée vous convient, afin que nous puissions la mettre en œuvre ?",
      customer: "Oui, cela nous convient parfaitement. Vous pouvez y aller.",
    },
    {
      agent: "Merci pour votre retour. La situation a-t-elle évolué depuis votre dernier message ?",
      customer: "Pas de changement depuis mon dernier message : la situation est toujours la même.",
    },
  ],
  holds: [
    "Nous avons commandé la pièce nécessaire auprès du fabricant ; la livraison est annoncée sous 5 à 7 jours ouvrés. Nous reviendrons vers vous dès réception pour planifier l'intervention.",
    "Nous avons transmis le problème à l'éditeur du logiciel, qui l'analyse actuellement. Nous vous tiendrons informés dès que nous aurons son retour.",
    "L'intervention est planifiée : notre technicien vous appellera la veille pour confirmer l'heure de passage.",
    "Nous attendons l'accord de votre direction sur le devis avant de lancer la commande. La demande reste en attente d'ici là.",
  ],
  thanks: [
    "Merci beaucoup, tout fonctionne parfaitement maintenant.",
    "Merci pour votre réactivité, c'est réglé de notre côté.",
    "Parfait, merci à toute l'équipe pour l'intervention.",
  ],
  acknowledgements: [
    "Merci pour votre retour, nous clôturons la demande. Bonne journée !",
    "Avec plaisir ! N'hésitez pas à nous recontacter si besoin.",
    "Merci pour ce retour positif. Nous restons à votre disposition.",
  ],
  firstGreetings: ["Bonjour,", "Bonjour Madame, Monsieur,", "Bonjour à toute l'équipe,"],
  customerClosings: ["Cordialement,", "Bien cordialement,", "Merci d'avance,", "Bonne journée,", "Merci,"],
  agentClosing: "Bien cordialement,",
  signature: { n1: "Support technique", n2: "Support technique — intervention terrain", service: "Service client" },
};

export const englishSnippets: Snippets = {
  relances: [
    "I am following up on my request below, which is still unanswered. Could someone get back to us soon?",
    "Just a reminder: the problem is still there and is starting to affect our work.",
  ],
  followUps: [
    {
      agent: "Thank you. Could you suggest a time when we could call you to go through this together?",
      customer: "You can call me tomorrow morning between 9 and 11 am, on {phone}.",
    },
    {
      agent: "Thank you. Could you confirm that the proposed solution suits you, so that we can go ahead?",
      customer: "Yes, that suits us perfectly. Please go ahead.",
    },
  ],
  holds: [
    "We have ordered the required part from the manufacturer; delivery is expected within 5 to 7 working days. We will get back to you to schedule the visit.",
    "The visit is scheduled: our technician will call you the day before to confirm the time.",
  ],
  thanks: ["Many thanks, everything works perfectly now.", "Thank you for the quick response, all sorted on our side."],
  acknowledgements: ["Thank you for your feedback; we are closing the request. Have a nice day!", "You're welcome! Do not hesitate to contact us again."],
  firstGreetings: ["Hello,", "Dear support team,"],
  customerClosings: ["Best regards,", "Kind regards,", "Many thanks,"],
  agentClosing: "Kind regards,",
  signature: { n1: "Technical support", n2: "Technical support — field team", service: "Customer service" },
};

/** Our internal notes, always in French; {other} is a colleague's first name. */
export const internalNotes = [
  "Client sous contrat de maintenance Premium : intervention couverte, pas de facturation.",
  "Appelé le client, tombé sur la messagerie. Je réessaie cet après-midi.",
  "Vu avec {other} : probablement matériel, à vérifier sur site.",
  "Pièce commandée chez le grossiste, livraison prévue sous une semaine.",
  "Attention, client déjà mécontent lors de la dernière intervention : à traiter en priorité.",
  "Pris la main à distance, journaux récupérés dans le dossier partagé du ticket.",
  "Même problème il y a six mois d'après l'historique, réglé à l'époque par une mise à jour.",
  "Garantie constructeur vérifiée avec le numéro de série : encore valable quelques mois.",
  "{other}, peux-tu jeter un œil ? Je n'ai pas les accès à leur serveur.",
  "Client rappelé : il préfère être contacté par téléphone plutôt que par courriel.",
];
