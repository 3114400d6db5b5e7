import { serviceLanguageOf, type AgreementId, type RegionCode } from '../../../contract/activation.ts';
import type { DataLanguage } from '../../../contract/settings.ts';

/**
 * The agreements a region's clients accept at activation (help topic *Activating Kaspersky Managed
 * Detection and Response in Kaspersky Security Center*, step 8: "Read and accept the agreements
 * applicable to the region you select"), and their texts. The MDR Agreement applies everywhere; the
 * Data Processing Agreement "for some regions only" (help topic *About the Data Processing
 * Agreement*); the KSN Statement is step 9, for every region.
 */
const AGREEMENTS: Record<RegionCode, readonly AgreementId[]> = {
  europe: ['termsOfUse', 'dataProcessing'],
  canada: ['termsOfUse', 'dataProcessing'],
  saudiArabia: ['termsOfUse', 'dataLocalization'],
  russia: ['termsOfUse', 'personalDataRussia'],
  other: ['termsOfUse'],
};

/** The agreements of `region`, by id, without the KSN Statement (a step of its own). */
export function agreementsFor(region: RegionCode): readonly AgreementId[] {
  return AGREEMENTS[region];
}

/** One agreement's text as a region's clients read it, in the region's service language. */
export interface AgreementDocument {
  id: AgreementId;
  region: RegionCode;
  language: DataLanguage;
  version: string;
  title: string;
  text: string;
}

interface Text {
  version: string;
  title: string;
  paragraphs: readonly string[];
}

const STAND_IN: Record<DataLanguage, string> = {
  en: 'This text is served by the local MDR service in place of the vendor’s document; the binding text is the one the vendor provides for your region.',
  ru: 'Этот текст выдает локальная служба MDR вместо документа поставщика; имеет силу текст, который поставщик предоставляет для вашего региона.',
};

const TERMS_OF_USE: Record<DataLanguage, Text> = {
  en: {
    version: '2025-02',
    title: 'Kaspersky Managed Detection and Response Agreement',
    paragraphs: [
      '1. Subject. The MDR Agreement is a binding agreement between you (the Customer) and AO Kaspersky Lab, stipulating the terms of how you may use the solution. You accept it by confirming that you agree with it when activating the solution. If you do not accept it, cancel the activation and do not use the solution.',
      '2. License. A license is a time-limited right to use the solution, granted under these terms. It grants the use of the solution in accordance with these terms and technical support. The scope of services and the validity period depend on the type of license: trial, commercial or subscription.',
      '3. Trial license. A trial license is free, usually has a short term and can be activated only once. When it expires, all features of the solution become disabled.',
      '4. Commercial and subscription licenses. When a commercial license expires, or a subscription is canceled or expires, the solution continues running with limited functionality: telemetry is not provided. To continue using all features, renew the license. Renewing before the expiration is recommended.',
      '5. Activation codes. You receive an activation code at the email address provided when you bought the solution. You provide a new activation code when you upgrade the solution or renew an expiring license.',
      '6. Data. In order for the solution to work, the Customer agrees to provide the data listed in the section Data provision of the documentation, which is processed in the region of data processing that corresponds to the region chosen at activation.',
      '7. Kaspersky Security Network. The solution requires Kaspersky Private Security Network, configured during activation with the KSN configuration file of your organization.',
      '8. Revocation. You may revoke your consent with these terms at any time in the MDR section (MDR Usage → Terms of using the MDR solution). The use of the solution then stops; Kaspersky Private Security Network is disabled. To remove the information about your organization from the MDR infrastructure, contact Technical Support.',
      '9. Territory. In order to comply with these terms, the use of the solution must be suspended on assets while they are located on the territory of the United States.',
    ],
  },
  ru: {
    version: '2025-02',
    title: 'Соглашение о Kaspersky Managed Detection and Response',
    paragraphs: [
      '1. Предмет. Соглашение MDR — обязательное соглашение между вами (Клиентом) и АО «Лаборатория Касперского», определяющее условия использования решения. Вы принимаете его, подтверждая согласие при активации решения. Если вы не принимаете его, отмените активацию и не используйте решение.',
      '2. Лицензия. Лицензия — ограниченное по времени право на использование решения на этих условиях. Она дает право использовать решение в соответствии с этими условиями и получать техническую поддержку. Объем услуг и срок действия зависят от типа лицензии: пробная, коммерческая или подписка.',
      '3. Пробная лицензия. Пробная лицензия бесплатна, обычно действует недолго и может быть активирована только один раз. По ее истечении все функции решения становятся недоступны.',
      '4. Коммерческая лицензия и подписка. По истечении коммерческой лицензии, а также при отмене или истечении подписки решение работает с ограниченной функциональностью: телеметрия не предоставляется. Чтобы продолжить пользоваться всеми функциями, продлите лицензию. Рекомендуется продлевать ее до истечения.',
      '5. Коды активации. Код активации приходит на адрес электронной почты, указанный при покупке решения. Новый код активации вводится при повышении уровня решения или продлении истекающей лицензии.',
      '6. Данные. Для работы решения Клиент соглашается предоставлять данные, перечисленные в разделе «Предоставление данных» документации; они обрабатываются в регионе обработки данных, соответствующем региону, выбранному при активации.',
      '7. Kaspersky Security Network. Решению требуется Kaspersky Private Security Network, настраиваемая при активации с помощью файла конфигурации KSN вашей организации.',
      '8. Отзыв согласия. Вы можете в любой момент отозвать согласие с этими условиями в разделе MDR (Использование MDR → Условия использования решения MDR). После этого использование решения прекращается, Kaspersky Private Security Network отключается. Чтобы удалить сведения о вашей организации из инфраструктуры MDR, обратитесь в Службу технической поддержки.',
      '9. Территория. Для соблюдения этих условий использование решения на устройствах должно быть приостановлено, пока они находятся на территории США.',
    ],
  },
};

const DATA_PROCESSING: Text = {
  version: '2025-02',
  title: 'Kaspersky Managed Detection and Response Data Processing Agreement',
  paragraphs: [
    '1. Scope. The Data Processing Agreement (DPA) is an integral part of the Kaspersky Managed Detection and Response Agreement. It applies to the processing of user data by AO Kaspersky Lab on behalf of the user.',
    '2. Data. The content of this agreement and the list of the user’s data depend on the region where the solution is used. To identify new and challenging data security threats and their sources, the Customer agrees to provide information such as: the installed software and its versions; kernel objects, drivers, services and autostart entries; file system permissions; the computer’s name, IP addresses, default gateways and MAC addresses; the state of anti-virus protection; the current license of Kaspersky products; and information about user accounts used for logon sessions.',
    '3. Region of data processing. User data of the regions Europe and Canada is processed in Europe.',
    '4. Sub-processors. Cloud infrastructure services for the processing in Europe are provided by Amazon Web Services EMEA SARL (Luxembourg) and Sparkoo Technologies Ireland Co., Limited (Dublin), under their data processing addenda.',
    '5. Security. Data is transmitted over a secure channel and protected in accordance with law and the applicable rules of AO Kaspersky Lab. Components do not send data without the permission of the administrator of the solution.',
    '6. Consent. You confirm that you have fully read and understood this agreement when you activate the solution. If you do not agree that your data will be processed as described, cancel the activation and do not use the solution.',
  ],
};

const DATA_LOCALIZATION: Text = {
  version: '2025-02',
  title: 'Kaspersky Managed Detection and Response Data Localization Agreement',
  paragraphs: [
    '1. Scope. This agreement is part of the Kaspersky Managed Detection and Response Agreement for clients of the region Kingdom of Saudi Arabia.',
    '2. Storage. Telemetry and other user data of the region are stored and processed in the Kingdom of Saudi Arabia, to comply with the legal requirements for the processing of user data.',
    '3. Sub-processor. Cloud infrastructure services in the Kingdom of Saudi Arabia are provided by General Cloud computing company (Alibaba Cloud), Riyadh, under its data processing addendum and standard contractual clauses.',
    '4. Data. The list of user data is the one of the section Data provision of the documentation, as it applies to the region.',
    '5. Consent. You confirm that you have read and accept this agreement when you activate the solution. If you do not agree, cancel the activation and do not use the solution.',
  ],
};

const PERSONAL_DATA_RUSSIA: Text = {
  version: '2025-02',
  title: 'Условия обработки персональных данных',
  paragraphs: [
    '1. Предмет. Эти условия являются частью Соглашения о Kaspersky Managed Detection and Response для клиентов региона «Россия» и других регионов, кроме перечисленных отдельно.',
    '2. Место обработки. Телеметрия и другие данные пользователя обрабатываются и хранятся в России.',
    '3. Субподрядчик. Услуги облачной инфраструктуры в России предоставляет ООО «Яндекс.Облако» (Москва) на условиях оферты на использование платформы.',
    '4. Состав данных. Перечень данных пользователя приведен в разделе «Предоставление данных» документации в части, применимой к региону.',
    '5. Согласие. Вы подтверждаете, что прочитали и принимаете эти условия, при активации решения. Если вы не согласны, отмените активацию и не используйте решение.',
  ],
};

const KSN_STATEMENT: Record<DataLanguage, Text> = {
  en: {
    version: '2025-02',
    title: 'Kaspersky Security Network Statement',
    paragraphs: [
      '1. Kaspersky Security Network (KSN) is an infrastructure of cloud services providing access to the online Kaspersky Knowledge Base that contains information about the reputation of files, web resources and software.',
      '2. Kaspersky Private Security Network (KPSN) lets computers with Kaspersky applications obtain access to the reputation databases of KSN and to other statistical data without sending data to KSN from their own computers.',
      '3. For the operation of Kaspersky Managed Detection and Response it is required to use KPSN. KPSN is configured automatically in Kaspersky Security Center during activation, with the KSN configuration file of your organization; when you revoke your consent with the terms of using the MDR solution, KPSN is disabled.',
      '4. The encryption keys for MDR telemetry are updated periodically; the public key is transmitted as part of the KSN configuration file. If the file is not updated on your assets, telemetry stops being sent.',
      '5. Statistical information generated during participation is stored and destroyed as described on the Kaspersky website.',
      '6. If you do not agree to the terms of this Statement, you will not be able to use Kaspersky Managed Detection and Response.',
    ],
  },
  ru: {
    version: '2025-02',
    title: 'Положение о Kaspersky Security Network',
    paragraphs: [
      '1. Kaspersky Security Network (KSN) — инфраструктура облачных служб, предоставляющая доступ к оперативной базе знаний «Лаборатории Касперского» о репутации файлов, веб-ресурсов и программного обеспечения.',
      '2. Kaspersky Private Security Network (KPSN) позволяет компьютерам с приложениями «Лаборатории Касперского» получать доступ к репутационным базам KSN и другим статистическим данным, не отправляя данные в KSN со своих компьютеров.',
      '3. Для работы Kaspersky Managed Detection and Response требуется KPSN. KPSN настраивается в Kaspersky Security Center автоматически при активации с помощью файла конфигурации KSN вашей организации; при отзыве согласия с условиями использования решения MDR KPSN отключается.',
      '4. Ключи шифрования телеметрии MDR периодически обновляются; открытый ключ передается в составе файла конфигурации KSN. Если файл не обновлен на устройствах, отправка телеметрии прекращается.',
      '5. Статистическая информация, получаемая при участии, хранится и уничтожается так, как описано на веб-сайте «Лаборатории Касперского».',
      '6. Если вы не согласны с условиями этого Положения, вы не сможете использовать Kaspersky Managed Detection and Response.',
    ],
  },
};

function textOf(id: AgreementId, language: DataLanguage): Text {
  switch (id) {
    case 'termsOfUse':
      return TERMS_OF_USE[language];
    case 'dataProcessing':
      return DATA_PROCESSING;
    case 'dataLocalization':
      return DATA_LOCALIZATION;
    case 'personalDataRussia':
      return PERSONAL_DATA_RUSSIA;
    case 'ksnStatement':
      return KSN_STATEMENT[language];
  }
}

/**
 * The text of agreement `id` as the clients of `region` read it, in the region's service language;
 * null when the agreement does not apply to the region. The KSN Statement applies to every region.
 */
export function agreementDocument(id: AgreementId, region: RegionCode): AgreementDocument | null {
  if (id !== 'ksnStatement' && !AGREEMENTS[region].includes(id)) return null;
  const language = serviceLanguageOf(region);
  const text = textOf(id, language);
  return {
    id,
    region,
    language,
    version: text.version,
    title: text.title,
    text: [text.title, `${STAND_IN[language]}`, ...text.paragraphs].join('\n\n') + '\n',
  };
}
