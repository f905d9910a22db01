// Fixed reference data of the lab generator: departments with their titles, companies, courses.

export interface Department {
  id: string;
  name: string;
  costCentre: string;
  /** Relative share of the workforce. */
  weight: number;
  titles: string[];
}

export const DEPARTMENTS: Department[] = [
  { id: 'D01', name: 'Executive', costCentre: 'CC1000', weight: 1, titles: ['Chief of Staff', 'Executive Assistant', 'Vice President'] },
  { id: 'D02', name: 'Engineering', costCentre: 'CC2000', weight: 22, titles: ['Software Engineer', 'Senior Software Engineer', 'Staff Engineer', 'Engineering Manager', 'QA Engineer', 'Site Reliability Engineer'] },
  { id: 'D03', name: 'Product', costCentre: 'CC2100', weight: 6, titles: ['Product Manager', 'Senior Product Manager', 'Product Designer', 'UX Researcher'] },
  { id: 'D04', name: 'Sales', costCentre: 'CC3000', weight: 16, titles: ['Account Executive', 'Sales Development Representative', 'Sales Manager', 'Solutions Consultant'] },
  { id: 'D05', name: 'Marketing', costCentre: 'CC3100', weight: 7, titles: ['Marketing Specialist', 'Content Strategist', 'Marketing Manager', 'Brand Designer'] },
  { id: 'D06', name: 'Customer Support', costCentre: 'CC3200', weight: 12, titles: ['Support Engineer', 'Support Team Lead', 'Customer Success Manager'] },
  { id: 'D07', name: 'Finance', costCentre: 'CC4000', weight: 6, titles: ['Accountant', 'Financial Analyst', 'Controller', 'Payroll Specialist'] },
  { id: 'D08', name: 'Human Resources', costCentre: 'CC4100', weight: 5, titles: ['HR Business Partner', 'Recruiter', 'HR Generalist', 'Talent Acquisition Lead'] },
  { id: 'D09', name: 'Legal', costCentre: 'CC4200', weight: 2, titles: ['Legal Counsel', 'Paralegal', 'Compliance Officer'] },
  { id: 'D10', name: 'IT', costCentre: 'CC5000', weight: 7, titles: ['Systems Administrator', 'Identity Engineer', 'Service Desk Analyst', 'IT Manager'] },
  { id: 'D11', name: 'Operations', costCentre: 'CC6000', weight: 10, titles: ['Operations Analyst', 'Facilities Coordinator', 'Operations Manager', 'Procurement Specialist'] },
  { id: 'D12', name: 'Research', costCentre: 'CC7000', weight: 6, titles: ['Research Scientist', 'Data Scientist', 'Research Engineer', 'Research Lead'] },
];

export const COMPANIES: { name: string; weight: number }[] = [
  { name: 'Junction Corp', weight: 70 },
  { name: 'Junction Labs', weight: 20 },
  { name: 'Junction Services', weight: 10 },
];

export const COURSES = [
  'Security Awareness',
  'Data Protection',
  'Code of Conduct',
  'Anti-Bribery',
  'Health and Safety',
  'First Aid',
  'Fire Warden',
  'Leadership Essentials',
  'Managing People',
  'Effective Meetings',
  'Presentation Skills',
  'Negotiation',
  'Project Management',
  'Agile Fundamentals',
  'Cloud Foundations',
  'Secure Coding',
  'Incident Response',
  'Accessibility Basics',
  'Diversity and Inclusion',
  'Customer Empathy',
];

/** Security Awareness and Code of Conduct are mandatory; most people have them. */
export const MANDATORY_COURSES = ['Security Awareness', 'Code of Conduct'];

const totalDeptWeight = DEPARTMENTS.reduce((s, d) => s + d.weight, 0);
const totalCompanyWeight = COMPANIES.reduce((s, c) => s + c.weight, 0);

/** The department at a point u ∈ [0, 1) of the weighted list (Executive only for the CEO's circle). */
export function departmentAt(u: number): Department {
  let x = u * totalDeptWeight;
  for (const d of DEPARTMENTS) {
    if (x < d.weight) return d;
    x -= d.weight;
  }
  return DEPARTMENTS[DEPARTMENTS.length - 1] as Department;
}

export function companyAt(u: number): string {
  let x = u * totalCompanyWeight;
  for (const c of COMPANIES) {
    if (x < c.weight) return c.name;
    x -= c.weight;
  }
  return (COMPANIES[COMPANIES.length - 1] as { name: string }).name;
}
