/** The MJML a new campaign starts from: French, real-looking, with merge fields and the unsubscribe link its footer must keep. */
export const starterCampaignMjml = `<mjml lang="fr">
  <mj-head>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="1.6" color="#1e293b" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f1f5f9">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text font-size="22px" font-weight="700">Nos nouveautés de saison</mj-text>
        <mj-text>Bonjour {{contact.firstName|Madame, Monsieur}},</mj-text>
        <mj-text>
          Merci pour la confiance que {{company.name|votre entreprise}} nous accorde. Cette saison, nous
          élargissons nos contrats de maintenance : intervention sous 4 heures ouvrées, pièces d'origine
          et un interlocuteur dédié.
        </mj-text>
        <mj-button href="https://www.exemple.fr/offres" background-color="#1d4ed8">Découvrir les offres</mj-button>
        <mj-text>Bien cordialement,<br />L'équipe commerciale</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="12px 24px">
      <mj-column>
        <mj-text font-size="12px" color="#64748b">
          Vous recevez ce message en tant que client ou contact professionnel.
          <a href="{{unsubscribeUrl}}">Se désinscrire</a>
        </mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;
